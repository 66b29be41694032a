import Foundation
import PathProofTestSupport
import Testing
@testable import AWSSnapshot
import NetworkModel

/// How a snapshot folder is walked: symbolic links followed (a loop is an error), unreadable paths an error naming
/// them, and every file or folder passed over listed in a warning with why.
@Suite struct SnapshotFolderTests {
    private static let vpcs = #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#
    private static let groups = #"{"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1"}]}"#

    @Test func symlinkedSubfoldersAreFollowed() throws {
        let outside = try TemporarySnapshot().write("groups/sg.json", Self.groups)
        let snapshot = try TemporarySnapshot().write("vpcs.json", Self.vpcs)
        try FileManager.default.createSymbolicLink(atPath: snapshot.path + "/us-east-1", withDestinationPath: outside.path + "/groups")
        let loaded = try snapshot.load()
        #expect(loaded.files == ["us-east-1/sg.json", "vpcs.json"])
        #expect(loaded.network.securityGroup("sg-1") != nil)
    }

    @Test func symlinkLoopsAreErrors() throws {
        let snapshot = try TemporarySnapshot().write("a/vpcs.json", Self.vpcs)
        try FileManager.default.createSymbolicLink(atPath: snapshot.path + "/a/again", withDestinationPath: snapshot.path + "/a")
        let error = try #require(snapshot.loadError())
        #expect(error.hasPrefix("a/again: a symbolic link loop: it leads back to "))
        let top = try TemporarySnapshot().write("vpcs.json", Self.vpcs)
        try FileManager.default.createSymbolicLink(atPath: top.path + "/self", withDestinationPath: ".")
        #expect(top.loadError() == "self: a symbolic link loop: it leads back to the snapshot folder, which it is inside")
    }

    @Test func linksToNothingAreErrors() throws {
        let snapshot = try TemporarySnapshot().write("vpcs.json", Self.vpcs)
        try FileManager.default.createSymbolicLink(atPath: snapshot.path + "/describe-security-groups.json", withDestinationPath: "/nonexistent/sg.json")
        #expect(snapshot.loadError() == "describe-security-groups.json: a symbolic link to nothing (/nonexistent/sg.json)")
    }

    @Test(.disabled(if: getuid() == 0, "permissions do not bind the superuser: skipped when run as root"))
    func unreadablePathsAreErrors() throws {
        let snapshot = try TemporarySnapshot().write("vpcs.json", Self.vpcs).write("us-east-1/sg.json", Self.groups)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: snapshot.path + "/us-east-1")
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: snapshot.path + "/us-east-1") }
        #expect(snapshot.loadError() == "us-east-1/: cannot read this folder: permission denied")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: snapshot.path + "/us-east-1")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: snapshot.path + "/us-east-1/sg.json")
        #expect(snapshot.loadError() == "us-east-1/sg.json: cannot read: permission denied")
    }

    @Test func everySkippedFileAndFolderIsListed() throws {
        let snapshot = try TemporarySnapshot()
            .write("vpcs.json", Self.vpcs)
            .write("notes.txt", "captured on Monday")
            .write("us-east-1/README.md", "# dump")
            .write(".git/config.json", Self.groups)
            .write("us-east-1/.sg.json", Self.groups)
        let loaded = try snapshot.load()
        #expect(loaded.files == ["vpcs.json"])
        let messages = loaded.warnings.map(\.message)
        #expect(messages.contains("skipped hidden files and folders: 2 not read (their names start with a dot) (in .git/, us-east-1/.sg.json)"))
        #expect(messages.contains("skipped files not named *.json: 2 not read (only *.json files are, as `aws … --output json > FILE.json` writes them) (in notes.txt, us-east-1/README.md)"))
    }
}
