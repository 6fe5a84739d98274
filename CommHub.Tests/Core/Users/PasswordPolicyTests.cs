using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Users;

/// <summary>OWASP ASVS 5: 12 to 128 characters, no composition rules.</summary>
public sealed class PasswordPolicyTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    [Theory]
    [InlineData(12, true)]
    [InlineData(128, true)]
    [InlineData(11, false)]
    [InlineData(129, false)]
    public async Task Length_DecidesAlone(int length, bool accepted)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        // Lower-case only, so no composition rule applies; not one letter repeated, which the common-password list refuses.
        var password = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i * 7 + 3) % 26)));

        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
            errors.AddRange((await validator.ValidateAsync(users, new ApplicationUser(), password)).Errors);

        Assert.Equal(accepted, errors.Count == 0);
    }
}
