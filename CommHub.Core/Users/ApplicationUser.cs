using Microsoft.AspNetCore.Identity;

namespace CommHub.Core.Users;

public class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>A disabled user cannot sign in; disabling also rotates the security stamp to end open sessions.</summary>
    public bool IsDisabled { get; set; }

    public bool PrefersDarkMode { get; set; }

    /// <summary>An admin reset the password to a one-time one: the user chooses their own before anything else.</summary>
    public bool MustChangePassword { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Notification preferences as JSON (<see cref="Notifications.NotificationSettings"/>); null: the defaults.</summary>
    public string? NotificationSettingsJson { get; set; }
}
