/// The firmware of a product: what each rule about binaries, releases, locks and groups needs.
public enum Firmware {
  public enum Needs {
    /// List versions, their rollout status and a device's target.
    public static let view = Permission.view("firmware:list")
    /// Show one version.
    public static let show = Permission.view("firmware:get")
    /// Download a stored binary.
    public static let download = Permission.view("firmware.binary:get")
    /// Upload, edit and delete versions.
    public static let upload = Permission.develop("firmware:create")
    public static let edit = Permission.develop("firmware:update")
    public static let delete = Permission.develop("firmware:remove")
    /// Release and unrelease versions.
    public static let release = Permission.develop("firmware:release")
    /// Lock and unlock a device to a version.
    public static let lock = Permission.develop("devices:update")
    /// List groups.
    public static let listGroups = Permission.view("groups:list")
    /// Show one group.
    public static let showGroup = Permission.view("groups:get")
    /// Create a group.
    public static let createGroup = Permission.develop("groups:create")
    /// Edit a group, and add and remove its devices.
    public static let updateGroup = Permission.develop("groups:update")
    /// Delete a group.
    public static let removeGroup = Permission.develop("groups:remove")
  }
}
