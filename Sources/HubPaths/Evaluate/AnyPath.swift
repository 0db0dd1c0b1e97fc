import HubModel

extension ReachabilityModel {
    /// `answer`, stopping at the first pair that reaches: for questions one path settles ("does
    /// anything of the spoke reach the hub"), where a healthy hub would otherwise cost every class
    /// pair. The answer holds the pairs judged so far — all of them when none reaches.
    public func answerUntilReachable(from sources: [EndpointMember], to destinations: [EndpointMember], traffic: TrafficSet,
                                     options: PathOptions = PathOptions()) -> PathAnswer {
        answer(from: sources, to: destinations, traffic: traffic, options: options, stopAtFirstReachable: true)
    }
}
