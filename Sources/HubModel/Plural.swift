/// A count with its noun, agreeing in number: "1 peering connection", "4 peering connections".
/// Every report and rule message that counts things says it through here.
public enum Plural {
    /// `plural` defaults to the singular with an "s".
    public static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }
}
