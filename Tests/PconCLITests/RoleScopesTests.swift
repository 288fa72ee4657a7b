import PconCore
import Testing

@testable import PconCLI

/// What an API user may hand out is measured against the scopes each role carries, so that list
/// must know every product permission a command declares.
@Suite struct RoleScopesTests {
  @Test func everyProductPermissionACommandDeclaresIsKnownToTheRoles() {
    var unknown: [String] = []
    func walk(_ command: Command, _ path: [String]) {
      if let permission = command.permission, case .product = permission.reach,
        !Role.productPermissions.contains(permission)
      {
        unknown.append(path.joined(separator: " "))
      }
      for sub in command.subcommands { walk(sub, path + [sub.name]) }
    }
    for sub in CommandTable.root.subcommands { walk(sub, [sub.name]) }
    #expect(unknown.isEmpty, "commands whose permission no role lists: \(unknown)")
  }

  @Test func eachRoleCarriesTheScopesOfTheRolesBelowIt() {
    let scopes = Role.allCases.map(\.apiScopes)
    for (lower, higher) in zip(scopes, scopes.dropFirst()) {
      #expect(lower.isSubset(of: higher))
    }
    #expect(Role.viewOnly.apiScopes.contains("devices:list"))
    #expect(!Role.viewOnly.apiScopes.contains("devices:update"))
    #expect(Role.developer.apiScopes.contains("devices:update"))
    #expect(!Role.developer.apiScopes.contains("teams.users:invite"))
    #expect(Role.administrator.apiScopes.contains("teams.users:invite"))
  }
}
