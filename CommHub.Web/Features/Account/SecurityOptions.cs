using System.ComponentModel.DataAnnotations;

namespace CommHub.Web.Features.Account;

/// <summary>Section <c>CommHub:Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "CommHub:Security";

    /// <summary>Failed sign-ins for one account from one client (IP address) before that client waits <see cref="LockoutDuration"/>.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a client waits after <see cref="MaxFailedSignIns"/> failures; doubles with each further lock (at most a day).</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public const string InvalidLifetimes =
        "CommHub:Security: AbsoluteSessionLifetime and IdleSessionTimeout must be positive, and LockoutDuration must be between 1 second and 1 day.";

    internal bool HasValidLifetimes =>
        AbsoluteSessionLifetime > TimeSpan.Zero && IdleSessionTimeout > TimeSpan.Zero
        && LockoutDuration >= TimeSpan.FromSeconds(1) && LockoutDuration <= TimeSpan.FromDays(1);

    /// <summary>
    /// How stale a session's view of its user may get: after this, the next request (or live circuit
    /// check) re-reads the user, so a disabled account or a changed role takes effect.
    /// </summary>
    public TimeSpan SessionRevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A session ends this long after sign-in however active it is (the idle timeout slides; this does not).</summary>
    public TimeSpan AbsoluteSessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A session ends after this long without a request (sliding).</summary>
    public TimeSpan IdleSessionTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Secure flag of the sign-in and antiforgery cookies. Always in production; the Development
    /// settings use SameAsRequest so that `dotnet run` works over plain http on localhost.
    /// </summary>
    public CookieSecurePolicy CookieSecurePolicy { get; set; } = CookieSecurePolicy.Always;
}
