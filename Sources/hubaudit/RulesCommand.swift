import ArgumentParser
import HubAudit

/// `hubaudit rules`: the rule descriptions, or a policy template with every default.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List the rules, their cases, parameters and examples.")

    @Flag(help: "Print a policy file with every rule, severity and parameter at its default instead.")
    var policyTemplate = false

    func run() throws {
        print(policyTemplate ? RulesListing.policyTemplate() : RulesListing.render())
    }
}
