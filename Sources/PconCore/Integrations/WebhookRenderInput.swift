import Foundation

extension WebhookRender {
  /// What a webhook renders from: the event, and what the cloud knows of the device that
  /// published it (the worker fills in what it has; absent values render as nothing).
  public struct Input: Sendable, Equatable {
    public var event: Event
    /// `PRODUCT_ID`: the event's product unless the worker knows better.
    public var productID: Int?
    /// `PRODUCT_VERSION`: the firmware version the device runs, for product devices.
    public var productVersion: Int?
    /// `PRODUCT_USER_ID`: the ID of the device's owner, for product devices.
    public var ownerID: String?

    public init(
      event: Event, productID: Int? = nil, productVersion: Int? = nil, ownerID: String? = nil
    ) {
      self.event = event
      self.productID = productID ?? event.productID
      self.productVersion = productVersion
      self.ownerID = ownerID
    }

    /// Particle's predefined variables. Every one is present (`null` when unknown), so a key of
    /// the event's own data can never stand in for one of them.
    public var variables: JSON {
      let eventJSON = JSONWriter(pretty: false).bytes(event.stored)
      return .object([
        ("PARTICLE_DEVICE_ID", .string(event.coreid)),
        ("PARTICLE_EVENT_NAME", .string(event.name)),
        ("PARTICLE_EVENT_VALUE", .string(event.data)),
        ("PARTICLE_PUBLISHED_AT", .string(event.publishedAt.iso8601)),
        ("PARTICLE_EVENT_ID", .string(String(event.id))),
        ("PRODUCT_ID", .int(productID)),
        ("PRODUCT_USER_ID", .string(ownerID)),
        ("PRODUCT_VERSION", .int(productVersion)),
        ("PARTICLE_EVENT_JSON", .string(String(decoding: eventJSON, as: UTF8.self))),
        ("PARTICLE_EVENT_BASE64", .string(Data(eventJSON).base64EncodedString())),
        // The names of Particle's first webhooks, still found in old definitions.
        ("SPARK_EVENT_NAME", .string(event.name)),
        ("SPARK_EVENT_VALUE", .string(event.data)),
        ("SPARK_PUBLISHED_AT", .string(event.publishedAt.iso8601)),
        ("SPARK_CORE_ID", .string(event.coreid)),
      ])
    }

    /// The scopes templates see, searched last to first: the predefined variables, then the
    /// event's data when it is a JSON object or list (its keys, or its indexes).
    public var context: [JSON] {
      var scopes: [JSON] = []
      if let data = try? JSONParser.parse(event.data) {
        switch data {
        case .object, .array: scopes.append(data)
        default: break
        }
      }
      scopes.append(variables)
      return scopes
    }
  }
}
