using System.ComponentModel.DataAnnotations;

namespace CommHub.Web.Features.Account;

/// <summary>Section <c>CommHub:Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "CommHub:Security";

    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How stale a session's view of its user may get: after this, the next request (or live circuit
    /// check) re-reads the user, so a disabled account or a changed role takes effect.
    /// </summary>
    public TimeSpan SessionRevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Secure flag of the sign-in and antiforgery cookies. Always in production; the Development
    /// settings use SameAsRequest so that `dotnet run` works over plain http on localhost.
    /// </summary>
    public CookieSecurePolicy CookieSecurePolicy { get; set; } = CookieSecurePolicy.Always;
}
