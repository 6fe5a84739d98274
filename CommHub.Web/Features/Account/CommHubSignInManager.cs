using CommHub.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommHub.Web.Features.Account;

/// <summary>
/// Identity's sign-in manager, plus: a disabled user can neither sign in nor keep a session, and an unknown
/// email costs a password hash like a known one, so the time of the answer does not tell them apart.
/// </summary>
public sealed class CommHubSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly ApplicationUser DummyUser = new() { UserName = "nobody" };
    private static string? dummyHash;

    public override async Task<bool> CanSignInAsync(ApplicationUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is not null) return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);

        var hasher = UserManager.PasswordHasher;
        dummyHash ??= hasher.HashPassword(DummyUser, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(DummyUser, dummyHash, password);
        return SignInResult.Failed;
    }

    public override async Task<ApplicationUser?> ValidateSecurityStampAsync(System.Security.Claims.ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsDisabled: true } ? null : user;
    }
}
