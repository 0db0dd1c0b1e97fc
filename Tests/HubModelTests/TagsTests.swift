import Foundation
import Testing
import HubModel

/// Tags are held as one sorted array (`Tags`): they must read, compare and encode as the dictionary they were.
struct TagsTests {
    @Test func readsAsTheDictionaryItWasBuiltFrom() {
        let tags = Tags(["Name": "hub-private", "team": "network", "": "empty key"])
        #expect(tags.name == "hub-private" && tags["team"] == "network" && tags[""] == "empty key" && tags["Team"] == nil)
        #expect(tags.pairs == ["Name": "hub-private", "team": "network", "": "empty key"])
        #expect(Tags().name == nil && Tags().pairs.isEmpty)
        var changed = tags
        changed.pairs["team"] = "security"
        #expect(changed["team"] == "security" && changed.name == "hub-private" && tags["team"] == "network")
    }

    @Test func equalTagsAreEqualHoweverBuilt() {
        var built: [String: String] = [:]
        for (key, value) in [("b", "2"), ("a", "1"), ("Name", "x")] { built[key] = value }
        #expect(Tags(built) == Tags(["Name": "x", "a": "1", "b": "2"]))
        #expect(Tags(built).hashValue == Tags(["Name": "x", "a": "1", "b": "2"]).hashValue)
        #expect(Tags(["Name": "x"]) != Tags(["Name": "y"]))
    }

    @Test func encodesAsADictionaryUnderPairs() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(Tags(["Name": "hub", "env": "prod"])), as: UTF8.self)
        #expect(text == #"{"pairs":{"Name":"hub","env":"prod"}}"#)
        #expect(try JSONDecoder().decode(Tags.self, from: Data(text.utf8)) == Tags(["Name": "hub", "env": "prod"]))
    }
}
