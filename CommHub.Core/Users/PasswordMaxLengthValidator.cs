using Microsoft.AspNetCore.Identity;

namespace CommHub.Core.Users;

/// <summary>
/// OWASP ASVS 5 (V6.2): passwords of at least 12 and up to at least 64 characters, no composition rules.
/// Identity has a minimum length setting only; this adds the upper bound of 128.
/// </summary>
public sealed class PasswordMaxLengthValidator : IPasswordValidator<ApplicationUser>
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password) =>
        Task.FromResult(password is { Length: > MaxLength }
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooLong",
                Description = $"Passwords must be at most {MaxLength} characters.",
            })
            : IdentityResult.Success);
}
