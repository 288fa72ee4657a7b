/// Every failure PconCore reports, each with a whole sentence a user can act on.
public enum PconError: Error, Sendable, Equatable {
  /// What class of failure an error is; the CLI maps each to an exit code.
  public enum Kind: Sendable {
    case refused, usage, notFound, permission, state
  }

  // State directory
  case stateDamaged(file: String, reason: String)
  case stateFormatTooNew(found: Int, supported: Int)
  case stateLocked(seconds: Double)
  case stateUnusable(path: String, reason: String)
  case notAStateDirectory(path: String)
  /// A directory `pcon demo` will not build in or rebuild, and why.
  case directoryNotEmpty(path: String, reason: String)

  // Accounts and tokens
  case invalidEmail(String)
  case accountExists(email: String)
  case accountNotFound(email: String)
  case notLoggedIn
  case tokenRejected(reason: String)
  case tokenNotFound(id: String)
  /// A token's secret given where its ID belongs; carries the ID when the secret is known.
  case tokenSecretGiven(id: String?)
  case conflictingIdentity

  // Devices and SIMs
  case invalidDeviceID(String)
  case unknownPlatform(String)
  case deviceNotFound(String)
  /// A name more than one device the actor sees has; `ids` are theirs, so the actor can pick.
  case ambiguousDeviceName(String, ids: [String])
  case deviceClaimedByAnother(id: String)
  case deviceAlreadyClaimed(id: String)
  /// Claiming a product's unowned device into a sandbox: the product's team decides its owner.
  case productDeviceUnclaimable(id: String)
  /// Unclaiming a device nobody owns.
  case deviceNotClaimed(String)
  /// Claiming a device the cloud knows as another platform than the one given.
  case devicePlatformDiffers(id: String, known: String, given: String)
  /// A device the actor sees, named for a product it is not a member of.
  case deviceNotInProduct(String, product: String, quarantined: Bool)
  case invalidDeviceName(String, reason: String)
  /// `name` is taken: by device `id`, which the actor sees, or (nil) in the owner's devices.
  case deviceNameTaken(String, id: String?)
  case notCellular(platform: String)
  case invalidICCID(String)
  case iccidInUse(String)
  case simNotFound(String)
  /// A device named in place of an ICCID that has no SIM in the actor's account.
  case deviceHasNoSIM(String)

  // Events
  case reservedEventName(String)
  /// A publish with a name outside the naming rule: refused like every other publish rule.
  case invalidEventName(String)
  case eventDataTooLong(bytes: Int, limit: Int)
  case eventNotFound(String)
  case invalidQuery(term: String, reason: String)
  case nothingIngested(skipped: Int)
  /// What a command showed before asking changed before it could act on it.
  case changedSinceShown(String)

  // Products, teams and access
  case productNotFound(String)
  case orgNotFound(String)
  case roleRequired(needed: String, scope: String, has: String)
  case scopeRequired(String)
  /// The actor is of a kind this needs something else from; `needs` says what.
  case notForActor(String, needs: String)
  case productExists(String)
  case planLimit(what: String, limit: Int, count: Int, unit: String)
  /// An organization's blocks of one device class hold no more devices.
  case blocksFull(org: String, deviceClass: DeviceClass, blocks: Int, count: Int)
  /// Blocks were asked for without a device class, and the organization has several or none.
  case classNeeded(org: String, classes: [DeviceClass])
  /// A command about an organization's billing was not told which, and the person administers
  /// none or several.
  case orgNeeded(administered: [String])
  /// A card given to pay with expired before now.
  case cardExpired(expires: String)
  /// The free plan's grace ended: device data is refused until the next billing month.
  case dataPaused(payer: String, until: Timestamp)
  /// An organization whose payments failed takes no changes until a valid card is set.
  case orgSuspended(org: String, since: Timestamp)
  case platformMismatch(device: String, platform: String, product: String)
  /// Asset Tracker features asked of a product or device (`what`) of another platform.
  case notATracker(String, platform: String)
  /// A function called on a device that is not connected.
  case deviceOffline(String)
  case deviceInShippingMode(String)
  case teamConflict(String)
  case customerNotFound(String)
  case clientNotFound(String)
  case inviteNotFound(String)
  /// An existing account that holds no place (nor invitation) on a team.
  case notOnTeam(email: String, team: String)
  case apiUserNotFound(String, team: String)
  /// No group `name` in the product the actor named as `product`.
  case groupNotFound(String, product: String)
  case groupExists(String, product: String)

  // Firmware releases and locks
  case firmwareVersionNotFound(Int, product: String)
  /// A release of a version no device of the product runs yet.
  case releaseNotRunning(version: Int, product: String)
  /// An unrelease from a place the version is not released to; `place` names it.
  case versionNotReleased(version: Int, place: String)
  /// A file that cannot be a Particle module, and why.
  case notAModule(file: String, reason: String)
  /// A module refused for upload: `field` of `file` says why, in `reason`.
  case firmwareRefused(file: String, field: String, reason: String)
  /// A version still released to `targets`, which cannot be deleted.
  /// Deleting a version devices are locked to.
  case firmwareLocked(version: Int, devices: [String])
  case firmwareReleased(version: Int, product: String, targets: String)
  /// A file that an output would replace.
  case outputExists(path: String)
  // Asset Tracker settings
  /// A tracker feature asked of a product whose platform is not a tracker.
  /// A setting or module the schema does not have; `valid` lists the names it has.
  case unknownTrackerSetting(String, valid: [String], kind: String)
  /// Per-device settings for a device that is not a development device.
  case notDevelopmentDevice(String)
  /// A product-wide value for a setting the schema keeps per device.
  case deviceLevelSetting(String)

  // Arguments checked by rules
  case invalidValue(field: Field, value: String, expected: String)
  // Integrations
  /// A webhook definition with a field pcon cannot accept, named by Particle's key.
  case invalidWebhook(field: String, reason: String)
  /// A key Particle's webhook JSON does not have: refused so a misspelt filter is not ignored.
  case unknownWebhookKey(String, valid: [String])
  case integrationNotFound(String)
  // Input files and standard input
  case inputUnreadable(path: String, reason: String)
  case inputLineTooLong(input: String, line: Int, limit: Int)
  case inputTooLarge(input: String, limit: Int, unit: String)

  /// The class of failure, which decides the exit code.
  public var kind: Kind {
    switch self {
    case .stateDamaged, .stateFormatTooNew, .stateLocked, .stateUnusable, .notAStateDirectory:
      return .state
    case .invalidEmail, .invalidDeviceID, .unknownPlatform, .invalidDeviceName, .invalidICCID,
      .invalidValue, .conflictingIdentity, .invalidQuery, .inputUnreadable, .inputLineTooLong,
      .unknownTrackerSetting, .invalidWebhook, .unknownWebhookKey:
      return .usage
    case .accountNotFound, .deviceNotFound, .tokenNotFound, .tokenSecretGiven, .simNotFound,
      .deviceHasNoSIM,
      .eventNotFound,
      .productNotFound,
      .orgNotFound, .customerNotFound, .clientNotFound, .inviteNotFound, .notOnTeam,
      .apiUserNotFound, .firmwareVersionNotFound, .groupNotFound, .integrationNotFound:
      return .notFound
    case .notLoggedIn, .tokenRejected, .roleRequired, .scopeRequired, .notForActor:
      return .permission
    case .directoryNotEmpty, .accountExists, .deviceClaimedByAnother, .deviceAlreadyClaimed,
      .productDeviceUnclaimable,
      .deviceNameTaken, .notCellular, .iccidInUse, .deviceNotClaimed,
      .devicePlatformDiffers, .deviceNotInProduct,
      .ambiguousDeviceName, .reservedEventName, .invalidEventName, .eventDataTooLong,
      .nothingIngested, .productExists,
      .changedSinceShown, .planLimit, .blocksFull, .classNeeded, .orgNeeded, .cardExpired,
      .dataPaused,
      .orgSuspended, .inputTooLarge, .notAModule, .firmwareRefused,
      .firmwareReleased, .outputExists,
      .platformMismatch, .notATracker, .deviceOffline, .deviceInShippingMode, .teamConflict,
      .groupExists,
      .releaseNotRunning, .versionNotReleased, .firmwareLocked,
      .notDevelopmentDevice, .deviceLevelSetting:
      return .refused
    }
  }

  /// A stable snake_case code for `--json` errors.
  public var code: String {
    switch kind {
    case .refused: return "refused"
    case .usage: return "usage"
    case .notFound: return "not_found"
    case .permission: return "permission_denied"
    case .state: return "state"
    }
  }

  /// The one-line message shown after `error: `.
  public var message: String {
    switch self {
    case .stateDamaged(let file, let reason): return "state file \(file): \(reason)"
    case .stateFormatTooNew(let found, let supported):
      return
        "the state directory has format version \(found), but this pcon reads versions up to \(supported); upgrade pcon"
    case .stateLocked(let seconds):
      return
        "the state directory is locked by another pcon process; gave up after \(formatSeconds(seconds)) s (PCON_LOCK_TIMEOUT)"
    case .stateUnusable(let path, let reason): return "state directory \(path): \(reason)"
    case .notAStateDirectory(let path):
      return "\(path) holds files but no pcon.json, so it is not a pcon state directory"
    case .directoryNotEmpty(let path, let reason):
      return "\(path) is not only pcon's demo: \(reason); nothing was changed"
    case .invalidEmail(let email): return "'\(email)' is not an email address"
    case .accountExists(let email): return "an account with email \(email) already exists"
    case .accountNotFound(let email): return "no account with email \(email)"
    case .notLoggedIn:
      return "no account is acting"
    case .tokenRejected(let reason): return "the token was refused: \(reason)"
    case .tokenNotFound(let id): return "no token with ID \(id)"
    case .tokenSecretGiven(let id):
      return id.map { "that is the secret of token \($0), not its ID" }
        ?? "that looks like a token's secret, not a token ID"
    case .conflictingIdentity: return "an account and a token cannot both act at once"
    case .invalidDeviceID(let id):
      return "'\(id)' is not a device ID: expected 24 hexadecimal digits"
    case .unknownPlatform(let name):
      return
        "unknown platform '\(name)'; known: \(Platform.all.map(\.name).joined(separator: ", "))"
    case .deviceNotFound(let ref): return "no device '\(ref)' among the devices you can see"
    case .ambiguousDeviceName(let name, let ids):
      return
        "more than one device you can see is named '\(name)' (\(ids.joined(separator: ", "))); use its device ID"
    case .deviceClaimedByAnother(let id): return "device \(id) is claimed by another account"
    case .deviceAlreadyClaimed(let id): return "device \(id) is already claimed by you"
    case .productDeviceUnclaimable(let id):
      return
        "device \(id) belongs to a product's fleet: only that product's team can give it an owner"
    case .deviceNotClaimed(let ref):
      return "device \(ref) is not claimed, so there is nothing to unclaim"
    case .devicePlatformDiffers(let id, let known, let given):
      return "device \(id) reported platform \(known), so it cannot be claimed as \(given)"
    case .deviceNotInProduct(let ref, let product, let quarantined):
      return quarantined
        ? "device \(ref) waits in the quarantine of product \(product); import it into the product first"
        : "device \(ref) is not in product \(product)"
    case .invalidDeviceName(let name, let reason): return "invalid device name '\(name)': \(reason)"
    case .deviceNameTaken(let name, let id?):
      return
        "device \(id), which you can see, is already named '\(name)'; names are unique among the devices you see"
    case .deviceNameTaken(let name, nil):
      return "the device's owner already has a device named '\(name)'"
    case .notCellular(let platform):
      return "a \(platform) has no cellular modem, so it takes no ICCID"
    case .invalidICCID(let iccid): return "'\(iccid)' is not an ICCID: expected 19 or 20 digits"
    case .iccidInUse(let iccid): return "SIM \(iccid) is already in use by another device"
    case .simNotFound(let iccid): return "no SIM '\(iccid)' in your account"
    case .deviceHasNoSIM(let ref): return "device \(ref) has no SIM in your account"
    case .reservedEventName(let name):
      return
        "event names starting with 'particle' or 'spark' are the cloud's own; '\(name)' cannot be published"
    case .invalidEventName(let name):
      return "invalid event name '\(name)': expected 1 to 64 letters, digits, '_', '-' or '/'"
    case .eventDataTooLong(let bytes, let limit):
      return "event data is \(bytes) bytes; the limit is \(limit)"
    case .eventNotFound(let id): return "no event \(id) among the events you can see"
    case .invalidQuery(let term, let reason): return "invalid filter term '\(term)': \(reason)"
    case .nothingIngested(let skipped) where skipped == 0:
      return
        "no event was stored: the input holds no event record (SSE 'event:' and 'data:' lines, or one JSON object per line)"
    case .nothingIngested(let skipped):
      return "no event was stored; \(skipped) record\(skipped == 1 ? " was" : "s were") skipped"
    case .changedSinceShown(let what):
      return "\(what) changed since it was shown; nothing was done: run the command again"
    case .productNotFound(let ref): return "no product '\(ref)' among the products you can see"
    case .orgNotFound(let ref): return "no organization '\(ref)' among those you belong to"
    case .roleRequired(let needed, let scope, let has):
      return "this needs the \(needed) role on \(scope); you are \(has)"
    case .scopeRequired(let scope): return "this API user's token lacks the scope \(scope)"
    case .notForActor(let actor, let needs): return "this needs \(needs); \(actor) cannot do it"
    case .productExists(let what): return "a product with \(what) already exists"
    case .blocksFull(let org, let deviceClass, let blocks, let count):
      return
        "organization \(org)'s \(blocks) \(deviceClass.title) block(s) allow at most \(blocks * Allowance.block(deviceClass).devices) devices, and it has \(count)"
    case .classNeeded(let org, let classes):
      return
        "say which device class the blocks are for: organization \(org) \(classes.count == DeviceClass.allCases.count ? "has no products yet" : "has products of several classes"); choose from \(classes.map(\.rawValue).joined(separator: ", "))"
    case .orgNeeded(let administered):
      return administered.isEmpty
        ? "you are an Administrator of no organization: upgrading to the growth plan makes one"
        : "say which organization: you administer \(administered.joined(separator: ", "))"
    case .cardExpired(let expires):
      return "the card expired at the end of \(expires); give one that has not"
    case .dataPaused(let payer, let until):
      return
        "data is paused for \(payer) until \(until.iso8601): the plan's limit was reached and its \(PlanStatus.graceDays) days of grace are over; nothing was stored or counted"
    case .orgSuspended(let org, let since):
      return
        "organization \(org) is suspended since \(since.iso8601) after its payment failed: reads work, changes are refused until a valid card is set"
    case .planLimit(let what, let limit, let count, let unit):
      return "\(what) allows at most \(limit) \(unit), and has \(count)"
    case .platformMismatch(let device, let platform, let product):
      return "device \(device) is a \(platform), but product \(product) is for another platform"
    case .notATracker(let what, let platform):
      return
        "\(what) is a \(platform), not a tracker (platform tracker or trackerm): it has no Asset Tracker features"
    case .deviceOffline(let device):
      return "device \(device) is offline; it answers a function call only while connected"
    case .deviceInShippingMode(let device):
      return
        "device \(device) is in shipping mode: powered off until it connects again (pcon device connect \(device))"
    case .teamConflict(let reason): return reason
    case .customerNotFound(let email): return "no customer \(email) in this product"
    case .clientNotFound(let id): return "no OAuth client '\(id)' in this product"
    case .inviteNotFound(let ref): return "no invitation to '\(ref)' waits for you"
    case .notOnTeam(let email, let team):
      return "\(email) is not on the team of \(team), nor invited to it"
    case .apiUserNotFound(let name, let team): return "\(team) has no API user named '\(name)'"
    case .groupNotFound(let name, let product): return "product \(product) has no group '\(name)'"
    case .groupExists(let name, let product):
      return "product \(product) already has a group named '\(name)'"
    case .firmwareVersionNotFound(let version, let product):
      return "product \(product) has no firmware version \(version)"
    case .releaseNotRunning(let version, let product):
      return
        "firmware version \(version) runs on no device of product \(product); lock a device to it and let it connect before releasing it"
    case .versionNotReleased(let version, let place):
      return "firmware version \(version) is not released to \(place)"
    case .notAModule(let file, let reason): return "\(file) is not a Particle module: \(reason)"
    case .firmwareRefused(let file, let field, let reason):
      return "\(file) cannot be uploaded: its \(field) \(reason)"
    case .firmwareLocked(let version, let devices):
      let shown = devices.prefix(5).joined(separator: ", ") + (devices.count > 5 ? ", …" : "")
      return
        "firmware version \(version) is locked on \(devices.count) device\(devices.count == 1 ? "" : "s") (\(shown)); unlock them first"
    case .firmwareReleased(let version, let product, let targets):
      return
        "firmware version \(version) of product \(product) is released to \(targets); unrelease it before deleting it"
    case .outputExists(let path): return "\(path) already exists; nothing was written"
    case .unknownTrackerSetting(let name, let valid, let kind):
      return "unknown \(kind) '\(name)'; valid: \(valid.joined(separator: ", "))"
    case .notDevelopmentDevice(let device):
      return
        "\(device) is not a development device; only development devices have settings of their own"
    case .deviceLevelSetting(let name):
      return "\(name) is set per device, not for the whole product"
    case .invalidValue(let field, let value, let expected):
      return "invalid \(field.name) '\(value)': expected \(expected)"
    case .invalidWebhook(let field, let reason): return "webhook \(field): \(reason)"
    case .unknownWebhookKey(let key, let valid):
      return "unknown webhook key '\(key)'; valid: \(valid.joined(separator: ", "))"
    case .integrationNotFound(let id): return "no integration '\(id)' among those you can see"
    case .inputUnreadable(let path, let reason): return "cannot read \(path): \(reason)"
    case .inputLineTooLong(let input, let line, let limit):
      return "line \(line) of \(input) is longer than \(limit) bytes"
    case .inputTooLarge(let input, let limit, let unit):
      return "\(input) holds more than \(limit) \(unit); split it into smaller parts"
    }
  }
}

private func formatSeconds(_ seconds: Double) -> String {
  seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
}

/// What `body` finds, or nil when the thing it looks for does not exist; any other failure,
/// a damaged state above all, still throws rather than reading as "not there".
func ifFound<T>(_ body: () throws -> T) throws -> T? {
  do {
    return try body()
  } catch let error as PconError where error.kind == .notFound {
    return nil
  }
}
