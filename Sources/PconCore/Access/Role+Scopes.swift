/// The API scopes a team role carries: what an API user must hold itself before it may give
/// that role to someone, change it or take it away.
extension Role {
  /// Every permission that a product role grants; a command declaring another product
  /// permission fails `RoleScopesTests` until it is listed here.
  public static let productPermissions: [Permission] = [
    Fleet.Needs.list, Fleet.Needs.show, Fleet.Needs.rename, Fleet.Needs.notes,
    Fleet.Needs.unclaim, Fleet.Needs.connect,
    Events.Needs.publish, Events.Needs.read, EventIngest.productNeeds,
    Products.Needs.view, Products.Needs.move, Products.Needs.importDevices,
    Products.Needs.removeDevice, Products.Needs.editDevice,
    Teams.Needs.view, Teams.Needs.invite, Teams.Needs.update, Teams.Needs.remove,
    Teams.Needs.manageAPIUsers,
    Customers.Needs.view, Customers.Needs.manage, Customers.Needs.remove,
    Customers.Needs.clients, Customers.Needs.viewClients, Customers.Needs.removeClients,
    Firmware.Needs.listGroups, Firmware.Needs.showGroup, Firmware.Needs.createGroup,
    Firmware.Needs.updateGroup, Firmware.Needs.removeGroup, Firmware.Needs.show,
    Firmware.Needs.view, Firmware.Needs.release, Firmware.Needs.lock, Firmware.Needs.download,
    Firmware.Needs.upload, Firmware.Needs.edit, Firmware.Needs.delete,
    Tracker.Needs.view, Tracker.Needs.update, TrackerCommand.Needs.call, FleetMap.Needs.view,
    Webhooks.Needs.list, Webhooks.Needs.get, Webhooks.Needs.create, Webhooks.Needs.update,
    Webhooks.Needs.remove, Delivery.Needs.send,
  ]

  /// The API scopes of every permission this role passes.
  public var apiScopes: Set<String> {
    Set(
      Self.productPermissions.compactMap { permission in
        guard case .product(let needed) = permission.reach, needed <= self else { return nil }
        return permission.apiScope
      })
  }
}
