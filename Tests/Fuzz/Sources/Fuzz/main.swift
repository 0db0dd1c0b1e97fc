// libFuzzer entry point: every input is one response body, decoded as ResponseReader does for a
// snapshot file. Errors are the expected outcome for most inputs; only crashes, sanitizer reports,
// timeouts and memory blow-ups are findings.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HubSnapshot
import HubModel
import HubXML

private let scope = Scope(account: "123456789012", region: "us-east-1")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        let response = try ResponseReader.read(bytes: bytes, name: "fuzz.xml", scope: scope)
        // Touch the result so nothing is optimised away.
        // Every action ResponseReader knows is decoded by it (the transit-gateway ones,
        // DescribeVpcAttribute and DescribeStaleSecurityGroups included).
        if response.vpcs.count + response.securityGroups.count + response.routeTables.count
            + response.transitGateways.count + response.transitGatewayAttachments.count
            + response.transitGatewayRouteTables.count + response.transitGatewayRoutes.count
            + response.staleSecurityGroups.count
            + (response.vpcAttribute == nil ? 0 : 1) + response.peerings.filter({ $0.requester.allowsDnsResolutionFromRemoteVpc == true }).count < 0 {
            abort()
        }
    } catch let error as InputProblem {
        // An error must name the file: anything else is a bug worth a crash.
        if error.file != "fuzz.xml" { abort() }
    } catch {
        abort() // ResponseReader documents InputProblem only.
    }
    return 0
}

// SwiftPM links its own `main`: hand control to libFuzzer's driver from top-level code.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, { fuzzOne($0, $1) }))
