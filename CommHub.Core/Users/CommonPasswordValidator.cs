using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace CommHub.Core.Users;

/// <summary>
/// OWASP ASVS 5 (V6.2.4): refuses the passwords attackers try first. The list (common-passwords.txt, shipped
/// inside the assembly) holds common words with the usual number and year endings, digit runs, repeated
/// characters and keyboard walks; the check ignores letter case.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<ApplicationUser>
{
    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    public static bool IsCommon(string password) => List.Value.Contains(password.Trim().ToLowerInvariant());

    internal static int Count => List.Value.Count;

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password) =>
        Task.FromResult(password is not null && IsCommon(password)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "This password is one of the most common ones and easy to guess. Choose another, for example a few unrelated words.",
            })
            : IdentityResult.Success);

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("CommHub.Core.Users.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from CommHub.Core.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) set.Add(line);
        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
