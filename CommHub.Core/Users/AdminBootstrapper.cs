using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Users;

/// <summary>Creates the roles and, on a database without any Admin, the first Admin account.</summary>
public sealed class AdminBootstrapper(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<BootstrapOptions> options,
    TimeProvider clock,
    ILogger<AdminBootstrapper> logger)
{
    /// <summary>Where the generated password is written; the console unless a test captures it.</summary>
    public TextWriter Console { get; set; } = System.Console.Out;

    public async Task EnsureAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
        }

        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0) return;

        var email = string.IsNullOrWhiteSpace(options.Value.AdminEmail) ? BootstrapOptions.DefaultAdminEmail : options.Value.AdminEmail.Trim();
        var configured = !string.IsNullOrEmpty(options.Value.AdminPassword);
        var password = configured ? options.Value.AdminPassword! : GeneratePassword();

        var admin = await users.FindByEmailAsync(email);
        if (admin is null)
        {
            admin = new ApplicationUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = "Administrator",
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            Check(await users.CreateAsync(admin, password), $"create the admin {email}");
        }
        Check(await users.AddToRoleAsync(admin, Roles.Admin), $"make {email} an Admin");

        logger.LogInformation("Created the first Admin account {Email}.", email);
        if (!configured)
        {
            Console.WriteLine();
            Console.WriteLine("=====================================================================");
            Console.WriteLine(" CommHub created the first Admin account. This is shown only once:");
            Console.WriteLine($"   email:    {email}");
            Console.WriteLine($"   password: {password}");
            Console.WriteLine(" Sign in and keep it somewhere safe, or set CommHub:Bootstrap:AdminPassword.");
            Console.WriteLine("=====================================================================");
            Console.WriteLine();
        }
    }

    internal static string GeneratePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
