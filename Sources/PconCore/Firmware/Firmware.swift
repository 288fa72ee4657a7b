/// The firmware of a product: what each rule about binaries, releases, locks and groups needs.
public enum Firmware {
  public enum Needs {
    /// List and show versions, their status and a device's target.
    public static let view = Permission.view("firmware:list")
    /// Download a stored binary.
    public static let download = Permission.view("firmware:get")
    /// Upload, edit and delete versions.
    public static let upload = Permission.develop("firmware:create")
    public static let edit = Permission.develop("firmware:update")
    public static let delete = Permission.develop("firmware:remove")
    /// Release and unrelease versions.
    public static let release = Permission.develop("firmware:release")
    /// Lock and unlock a device to a version.
    public static let lock = Permission.develop("devices:update")
    /// List and show groups.
    public static let viewGroups = Permission.view("groups:list")
    /// Create, edit and delete groups, and add and remove their devices.
    public static let manageGroups = Permission.develop("groups:update")
  }
}
