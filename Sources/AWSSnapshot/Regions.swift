/// Recognising AWS region names in folder names and availability zones.
enum AWSRegion {
    private static let directions: Set<Substring> = [
        "east", "west", "north", "south", "central", "northeast", "northwest", "southeast", "southwest",
    ]

    /// Whether `name` looks like a region: `us-east-1`, `eu-west-3`, `ap-southeast-2`, `us-gov-west-1`,
    /// `cn-north-1`, `us-isob-east-1`, `il-central-1`.
    static func isRegionName(_ name: some StringProtocol) -> Bool {
        let parts = String(name).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 4 else { return false }
        guard let first = parts.first, first.count == 2, first.allSatisfy({ $0.isASCII && $0.isLowercase }),
              let last = parts.last, (1...2).contains(last.count), last.allSatisfy({ $0.isASCII && $0.isNumber }),
              directions.contains(parts[parts.count - 2]) else { return false }
        if parts.count == 4 { return parts[1] == "gov" || parts[1].hasPrefix("iso") }
        return true
    }

    /// The region of an availability zone: `us-east-1a` → `us-east-1`; also local and wavelength zones
    /// (`us-west-2-lax-1a` → `us-west-2`). Nil if it names no region.
    static func region(ofAvailabilityZone zone: String) -> String? {
        if let last = zone.last, last.isASCII, last.isLetter {
            let trimmed = zone.dropLast()
            if isRegionName(trimmed) { return String(trimmed) }
        }
        let parts = zone.split(separator: "-", omittingEmptySubsequences: false)
        for count in [3, 4] where parts.count > count {
            let candidate = parts[..<count].joined(separator: "-")
            if isRegionName(candidate) { return candidate }
        }
        return nil
    }
}
