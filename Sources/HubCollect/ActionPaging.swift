import Foundation
import HubAWS
import HubSnapshot
import HubModel
import HubXML

/// One action in one account and region: every page, each streamed into its file (named by
/// `SnapshotLayout.ResponseFile`) and through the parser at once; then the calls of each resource
/// the listing named (`FollowUp`: prefix-list entries, a transit-gateway route table's own calls).
extension Collector {
    /// One action in one account and region, every page; then the calls of each of its follow-ups
    /// (`followUps`: the declared ones, `FollowUp.of(action)`, unless given) per listed resource.
    static func collectAction(_ action: Action, range: ClosedRange<Int>?, client: QueryClient, folder: String, account: String,
                              region: String, request: CollectRequest, recorder: Recorder, progress: CollectProgress,
                              followUps declared: [FollowUp]? = nil) async {
        var parameters: [(String, String)] = []
        if let range { parameters.append(("MaxResults", String(pageSize(range, request)))) }
        let followUps = declared ?? FollowUp.of(action)
        let ids = await page(SnapshotLayout.ResponseFile(action: action), parameters: parameters, client: client,
                             folder: folder, account: account, region: region, recorder: recorder, progress: progress,
                             following: followUps)
        for followUp in followUps {
            await collect(followUp, of: action, ids: ids, client: client, folder: folder, account: account, region: region,
                          request: request, recorder: recorder, progress: progress)
        }
    }

    /// One follow-up's calls on every id its listing named (each id checked before it names a file).
    private static func collect(_ followUp: FollowUp, of action: Action, ids: [String], client: QueryClient, folder: String,
                                account: String, region: String, request: CollectRequest, recorder: Recorder,
                                progress: CollectProgress) async {
        for id in ids {
            // The id names a file: an answer saying `../x` must not write outside the snapshot.
            guard followUp.calls.allSatisfy({ SnapshotLayout.isResourceId(id, of: $0.action) }) else {
                for call in followUp.calls {
                    await recorder.fail(account, region, call.action.rawValue,
                                        AWSCallError(code: "MalformedResponse",
                                                     message: "\(action.rawValue) named the \(followUp.resource) \(quotedForMessage(id))"))
                }
                await progress.failed(followUp.calls.count)
                continue
            }
            for call in followUp.calls {
                let size = call.fixedMaxResults ?? call.range.map { pageSize($0, request) }
                _ = await page(SnapshotLayout.ResponseFile(action: call.action, parameter: call.parameter(for: id)),
                               parameters: [(call.idParameter, id)] + call.parameters + (size.map { [("MaxResults", String($0))] } ?? []),
                               client: client, folder: folder, account: account, region: region, recorder: recorder,
                               progress: progress, following: [])
            }
        }
    }

    /// The request's page size within what the call accepts; its largest page when none is asked.
    private static func pageSize(_ range: ClosedRange<Int>, _ request: CollectRequest) -> Int {
        min(max(request.pageSize ?? range.upperBound, range.lowerBound), range.upperBound)
    }

    /// Follows NextToken to the end, saving each body byte for byte under the layout's names:
    /// `DescribeVpcs.xml` for one page, `DescribeVpcs.1.xml`, `.2.xml`, … for several (the page count
    /// goes to the manifest). Returns the ids of the resources the pages listed that need calls of
    /// their own (prefix lists, transit-gateway route tables).
    private static func page(_ call: SnapshotLayout.ResponseFile, parameters: [(String, String)], client: QueryClient,
                             folder: String, account: String, region: String, recorder: Recorder,
                             progress: CollectProgress, following followUps: [FollowUp]) async -> [String] {
        let action = call.action.rawValue
        let scope = "\(account)/\(region)"
        var token: String?
        var written: [String] = []
        var resourceIds: [String] = []
        var seenIds = Set<String>()
        repeat {
            let number = written.count + 1
            var file = call
            file.page = number == 1 ? nil : number
            let path = "\(folder)/\(file.name)"
            let sink = PageSink(path: path, name: "\(scope)/\(file.name)", expected: action,
                                idsFrom: followUps.map { ($0.container, $0.idElement) })
            do {
                await progress.call()
                // The body streams into the file and the parser together: a page is never held whole.
                try await client.call(action, parameters + (token.map { [("NextToken", $0)] } ?? []), streamingTo: sink)
                token = sink.reader.nextToken.flatMap { $0.isEmpty ? nil : $0 }
                // Pages of a listing that changed while paged may repeat an item: one call per id.
                for id in sink.reader.resourceIds where seenIds.insert(id).inserted { resourceIds.append(id) }
            } catch {
                for file in written + [path] { try? FileManager.default.removeItem(atPath: file) }
                await recorder.fail(account, region, call.call, failure(of: error))
                await progress.failed(1)
                return []
            }
            if number == 2 {
                // A second page: the first becomes page 1.
                var first = call
                first.page = 1
                let firstPath = "\(folder)/\(first.name)"
                try? FileManager.default.moveItem(atPath: written[0], toPath: firstPath)
                written[0] = firstPath
            }
            written.append(path)
        } while token != nil
        if written.count > 1 { await recorder.pages("\(scope)/\(call.call)", written.count) }
        return resourceIds
    }

    /// How a failed page is recorded in the manifest: the call's AWS error as it came, a page that
    /// could not be saved as `WriteError`, anything else (a body that is not the expected
    /// response) as `MalformedResponse`.
    private static func failure(of error: Error) -> AWSCallError {
        switch error {
        case let error as AWSCallError: return error
        case let error as PageWriteError: return AWSCallError(code: "WriteError", message: error.description)
        default: return AWSCallError(code: "MalformedResponse", message: String(describing: error))
        }
    }


}

/// Saves a page byte for byte while parsing it: what arrives goes to the file and the push parser.
final class PageSink: BodySink, @unchecked Sendable {
    let path: String
    let name: String
    let expected: String
    let idsFrom: [(container: XMLName, element: XMLName)]
    private(set) var reader: PageReader
    private var parser: ResponseParser?
    private var file: UnsafeMutablePointer<FILE>?

    init(path: String, name: String, expected: String, idsFrom: [(container: XMLName, element: XMLName)]) {
        self.path = path
        self.name = name
        self.expected = expected
        self.idsFrom = idsFrom
        reader = PageReader(expected: expected, idsFrom: idsFrom)
    }

    deinit { if let file { fclose(file) } }

    func begin() throws {
        if let file { fclose(file) }
        guard let opened = fopen(path, "wb") else {
            throw PageWriteError(path: path, reason: String(cString: strerror(errno)))
        }
        file = opened
        reader = PageReader(expected: expected, idsFrom: idsFrom)
        parser = ResponseParser(name: name, handler: reader)
    }

    func consume(_ chunk: UnsafeRawBufferPointer) throws {
        guard chunk.count > 0 else { return }
        guard fwrite(chunk.baseAddress, 1, chunk.count, file) == chunk.count else {
            throw PageWriteError(path: path, reason: String(cString: strerror(errno)))
        }
        try parser?.feed(chunk)
    }

    func end() throws {
        if let file, fclose(file) != 0 {
            self.file = nil
            throw PageWriteError(path: path, reason: String(cString: strerror(errno)))
        }
        file = nil
        try parser?.finish()
    }
}

/// Reads what collection needs from a page: that it is the expected response, its nextToken, and
/// the ids of the resources whose own calls come next (`FollowUp`'s container and id element): the
/// prefix lists of DescribeManagedPrefixLists, the route tables of DescribeTransitGatewayRouteTables,
/// the VPCs of DescribeVpcs.
final class PageReader: ResponseHandler {
    let expected: String
    let idsFrom: [(container: XMLName, element: XMLName)]
    var nextToken: String?
    var resourceIds: [String] = []

    init(expected: String, idsFrom: [(container: XMLName, element: XMLName)] = []) {
        self.expected = expected
        self.idsFrom = idsFrom
    }

    func didStartRoot(_ name: String, line: Int) throws {
        guard name == "\(expected)Response" else {
            throw AWSCallError(code: "MalformedResponse", message: "expected <\(expected)Response>, got <\(name)>")
        }
    }

    func didReadField(_ name: XMLName, text: String, line: Int) throws {
        if name == .nextToken { nextToken = text }
    }

    func didReadItem(_ item: ItemElement, in container: XMLName) throws {
        for source in idsFrom where source.container == container {
            if let id = item.value(source.element) { resourceIds.append(id) }
        }
    }
}

/// A page that could not be saved (disk full, permissions): a local failure, not an AWS one.
struct PageWriteError: Error, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String { "\(path): cannot save the page: \(reason)" }
}
