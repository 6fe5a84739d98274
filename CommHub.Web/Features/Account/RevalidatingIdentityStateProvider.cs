using System.Security.Claims;
using CommHub.Core.Users;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommHub.Web.Features.Account;

/// <summary>
/// Re-checks a live circuit's user on an interval: a disabled user, or one whose security stamp changed,
/// is signed out of the circuit too, not only of the next HTTP request.
/// </summary>
internal sealed class RevalidatingIdentityStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> identityOptions,
    IOptions<SecurityOptions> securityOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => securityOptions.Value.SessionRevalidationInterval < TimeSpan.FromSeconds(1)
        ? TimeSpan.FromSeconds(1)
        : securityOptions.Value.SessionRevalidationInterval;

    /// <summary>The check the circuit runs on every interval (for tests).</summary>
    internal Task<bool> IsStillValidAsync(AuthenticationState state, CancellationToken cancellationToken = default) =>
        ValidateAuthenticationStateAsync(state, cancellationToken);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.GetUserAsync(authenticationState.User);
        if (user is null || user.IsDisabled) return false;
        var principalStamp = authenticationState.User.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        if (principalStamp != await users.GetSecurityStampAsync(user)) return false;
        // The roles the circuit was opened with must still be the user's roles (a demoted agent loses the inbox).
        var roleClaimType = identityOptions.Value.ClaimsIdentity.RoleClaimType;
        var circuitRoles = authenticationState.User.FindAll(roleClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var currentRoles = await users.GetRolesAsync(user);
        return circuitRoles.SetEquals(currentRoles);
    }
}
