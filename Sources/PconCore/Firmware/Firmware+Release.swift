/// Releasing a version to a product's fleet, or to some of its groups, and taking it back.
extension Firmware {
  /// Where a release goes: the product default, or groups.
  public enum Place: Sendable, Equatable {
    case productDefault
    case groups([String])
  }

  /// A device whose target a release moves: what it runs and what it will be sent.
  public struct Impact: Sendable, Equatable {
    public let device: Device
    public let running: Int?
    public let targeted: Int?
  }

  /// What a release or unrelease does (or, in a dry run, would do).
  public struct Release: Sendable {
    public let product: Product
    public let version: Int
    /// Whether it concerns the product default.
    public let productDefault: Bool
    /// The groups it concerns, sorted.
    public let groups: [String]
    /// The devices that will receive an update because of it: their target changes to a
    /// version they do not run.
    public let impacted: [Impact]
  }

  /// Releases `version` of `product` to `place`: refused unless some device of the product runs
  /// it. Releasing as the product default moves the default from the version that had it;
  /// releasing to a group replaces the version that group had. With `dryRun` nothing changes.
  public static func release(
    _ version: Int, product reference: String, to place: Place, dryRun: Bool, by actor: Actor,
    in transaction: Transaction
  ) throws -> Release {
    let product = try authorizedProduct(reference, Needs.release, actor: actor, in: transaction)
    var versions = try transaction.load(StateFiles.productFirmware(product.id))
    guard let index = versions.firstIndex(where: { $0.version == version }) else {
      throw PconError.firmwareVersionNotFound(version, product: reference)
    }
    let groups = try existingGroups(place, of: product, named: reference, in: transaction)
    let candidates = try devices(
      of: product, in: place == .productDefault ? nil : groups, transaction)
    guard try transaction.devicesRunning(version, product: product.id) > 0 else {
      throw PconError.releaseNotRunning(version: version, product: reference)
    }

    let before = ReleaseMap(versions)
    for n in versions.indices {
      switch place {
      case .productDefault: versions[n].productDefault = n == index
      case .groups:
        if n == index {
          versions[n].groups = Array(Set(versions[n].groups).union(groups)).sorted()
        } else {
          versions[n].groups.removeAll { groups.contains($0) }
        }
      }
    }
    versions[index].releasedAt = transaction.now
    let result = Release(
      product: product, version: version, productDefault: place == .productDefault,
      groups: groups,
      impacted: impact(of: candidates, from: before, to: ReleaseMap(versions)))
    if !dryRun {
      transaction.save(StateFiles.productFirmware(product.id), versions.releasedAtKept())
    }
    return result
  }

  /// Takes `version` of `product` back from `place`, or from everywhere it is released when
  /// `place` is nil; its devices fall back to whatever precedence gives them next.
  public static func unrelease(
    _ version: Int, product reference: String, from place: Place?, dryRun: Bool = false,
    by actor: Actor, in transaction: Transaction
  ) throws -> Release {
    let product = try authorizedProduct(reference, Needs.release, actor: actor, in: transaction)
    var versions = try transaction.load(StateFiles.productFirmware(product.id))
    guard let index = versions.firstIndex(where: { $0.version == version }) else {
      throw PconError.firmwareVersionNotFound(version, product: reference)
    }
    let record = versions[index]
    let fromDefault: Bool
    let groups: [String]
    switch place {
    case nil:
      guard record.isReleased else {
        throw PconError.versionNotReleased(version: version, place: "the product or any group")
      }
      (fromDefault, groups) = (record.productDefault, record.groups)
    case .productDefault?:
      guard record.productDefault else {
        throw PconError.versionNotReleased(version: version, place: "the product default")
      }
      (fromDefault, groups) = (true, [])
    case .groups(let names)?:
      groups = try existingGroups(.groups(names), of: product, named: reference, in: transaction)
      for group in groups where !record.groups.contains(group) {
        throw PconError.versionNotReleased(version: version, place: "group '\(group)'")
      }
      fromDefault = false
    }
    let before = ReleaseMap(versions)
    if fromDefault { versions[index].productDefault = false }
    versions[index].groups.removeAll { groups.contains($0) }
    let candidates = try devices(of: product, in: fromDefault ? nil : groups, transaction)
    let result = Release(
      product: product, version: version, productDefault: fromDefault, groups: groups,
      impacted: impact(of: candidates, from: before, to: ReleaseMap(versions)))
    if !dryRun {
      transaction.save(StateFiles.productFirmware(product.id), versions.releasedAtKept())
    }
    return result
  }

  /// The product `reference`, authorized for `permission`.
  static func authorizedProduct(
    _ reference: String, _ permission: Permission, actor: Actor, in transaction: Transaction
  ) throws -> Product {
    let grant = try Products.authorize(reference, permission, actor: actor, in: transaction)
    guard let product = grant.product else { throw PconError.productNotFound(reference) }
    return product
  }

  /// The groups `place` names, each checked to exist in `product`, sorted and once each.
  private static func existingGroups(
    _ place: Place, of product: Product, named reference: String, in transaction: Transaction
  ) throws -> [String] {
    guard case .groups(let names) = place else { return [] }
    let known = Set(try transaction.load(StateFiles.productGroups(product.id)).map(\.name))
    for name in names where !known.contains(name) {
      throw PconError.groupNotFound(name, product: reference)
    }
    return Array(Set(names)).sorted()
  }

  /// The members of `product`, or only those in any of `groups`: the devices a change of the
  /// default or of those groups' releases can move.
  static func devices(of product: Product, in groups: [String]?, _ transaction: Transaction)
    throws -> [Device]
  {
    guard let groups else { return try transaction.productDevices(product.id) }
    // From the group indexes, which keep what targeting reads: a release to a group reads that
    // group's index, not its devices' shards.
    var seen = Set<String>()
    var devices: [Device] = []
    for group in groups {
      for member in try transaction.groupMembers(product.id, group)
      where seen.insert(member.id).inserted {
        devices.append(member.device(in: product))
      }
    }
    return devices
  }

  /// The devices among `candidates` whose target moves from `before` to `after` to a version
  /// they do not already run: those that will receive an update.
  static func impact(of candidates: [Device], from before: ReleaseMap, to after: ReleaseMap)
    -> [Impact]
  {
    candidates.sorted { $0.id < $1.id }.compactMap { device in
      let old = before.target(for: device).version
      guard let new = after.target(for: device).version, new != old,
        new != device.firmwareVersion
      else { return nil }
      return Impact(device: device, running: device.firmwareVersion, targeted: new)
    }
  }
}

extension [FirmwareVersion] {
  /// The versions with `released_at` kept only while each is released somewhere: a version
  /// taken back everywhere shows no release time.
  func releasedAtKept() -> [FirmwareVersion] {
    map { version in
      var version = version
      if !version.isReleased { version.releasedAt = nil }
      return version
    }
  }
}
