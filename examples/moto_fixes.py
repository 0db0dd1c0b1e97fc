"""Two fixes to moto 5.2.1's transit-gateway routes, applied in the moto process before it serves;
nothing else of moto changes. Used by examples/record_examples.py (its moto_server launcher) and
by Tests/Stubs/tgw_moto.py, so the examples and the collector's tests run against the same moto.

* SearchTransitGatewayRoutes slices a dict when MaxResults is given (TypeError, HTTP 500), and
  hubaudit makes the call as AWS wants it, with MaxResults 1000: MaxResults applies to moto's list.
* CreateTransitGatewayRoute stores the route's attachment as one dict where the response model has a
  list, so every static route comes back with an empty <transitGatewayAttachments/>: the dict is
  stored as a list of one (the route then names its attachment, as on AWS).
"""
from moto.ec2.models.transit_gateway_route_tables import TransitGatewayRouteTableBackend as _Backend


def apply():
    search = _Backend.search_transit_gateway_routes
    create = _Backend.create_transit_gateway_route

    def search_transit_gateway_routes(self, transit_gateway_route_table_id, filters, max_results=None):
        routes = search(self, transit_gateway_route_table_id, filters, None)
        return routes[: int(max_results)] if max_results else routes

    def create_transit_gateway_route(self, *args, **kwargs):
        route = create(self, *args, **kwargs)
        if isinstance(route.get("transitGatewayAttachments"), dict):
            route["transitGatewayAttachments"] = [route["transitGatewayAttachments"]]
        return route

    _Backend.search_transit_gateway_routes = search_transit_gateway_routes
    _Backend.create_transit_gateway_route = create_transit_gateway_route
