import HubReport

/// The version the CLI prints and both reports carry.
public let hubauditVersion = HubAuditVersion.current
