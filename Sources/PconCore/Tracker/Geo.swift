import Glibc

/// Distances and bearings on a spherical Earth, as maps of a fleet need them.
public enum Geo {
  /// The mean Earth radius, in metres.
  public static let earthRadius = 6_371_008.8

  /// The great-circle (haversine) distance between two points, in metres.
  public static func distance(
    _ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double
  ) -> Double {
    let phi1 = radians(lat1)
    let phi2 = radians(lat2)
    let dPhi = radians(lat2 - lat1)
    let dLambda = radians(lon2 - lon1)
    let a =
      sin(dPhi / 2) * sin(dPhi / 2) + cos(phi1) * cos(phi2) * sin(dLambda / 2) * sin(dLambda / 2)
    return 2 * earthRadius * atan2(sqrt(a), sqrt(max(0, 1 - a)))
  }

  /// The point `metres` from (`lat`, `lon`) along `bearing` degrees clockwise from north.
  public static func destination(
    _ lat: Double, _ lon: Double, bearing: Double, metres: Double
  ) -> (latitude: Double, longitude: Double) {
    let delta = metres / earthRadius
    let theta = radians(bearing)
    let phi1 = radians(lat)
    let phi2 = asin(sin(phi1) * cos(delta) + cos(phi1) * sin(delta) * cos(theta))
    let lambda2 =
      radians(lon)
      + atan2(sin(theta) * sin(delta) * cos(phi1), cos(delta) - sin(phi1) * sin(phi2))
    return (degrees(phi2), normalized(longitude: degrees(lambda2)))
  }

  /// A longitude brought into -180 ... 180.
  public static func normalized(longitude: Double) -> Double {
    var value = fmod(longitude + 180, 360)
    if value < 0 { value += 360 }
    return value - 180
  }

  static func radians(_ degrees: Double) -> Double { degrees * .pi / 180 }
  static func degrees(_ radians: Double) -> Double { radians * 180 / .pi }
}
