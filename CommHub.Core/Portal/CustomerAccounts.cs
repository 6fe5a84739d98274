using System.Net.Mail;
using CommHub.Core.Common;
using CommHub.Core.Contacts;
using CommHub.Core.Data;
using CommHub.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Portal;

/// <summary>Customer self-registration: an account in the Customer role and the contact it speaks as.</summary>
public sealed class CustomerAccounts(IServiceScopeFactory scopeFactory, IDbContextFactory<CommHubDbContext> dbFactory, TimeProvider clock)
{
    public async Task<OperationResult> RegisterAsync(RegisterCustomerRequest request, CancellationToken cancellationToken = default)
    {
        var email = request.Email.Trim();
        if (email.Length > 256 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
            return OperationResult.Fail("Enter a valid email address.");
        var name = string.IsNullOrWhiteSpace(request.Name) ? email.Split('@')[0] : request.Name.Trim();
        if (name.Length > 200) return OperationResult.Fail("Names can be at most 200 characters.");

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            DisplayName = name,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        // The password rules first, for every address, so their answer says nothing about who has an account.
        var passwordErrors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, user, request.Password);
            if (!checkedPassword.Succeeded) passwordErrors.AddRange(checkedPassword.Errors.Select(e => e.Description));
        }
        if (passwordErrors.Count > 0) return OperationResult.Fail(passwordErrors.ToArray());

        // A taken address gets the same answer as a new one and changes nothing (no enumeration of accounts);
        // the hash keeps the time alike too. Its owner simply signs in.
        if (await users.FindByEmailAsync(email) is not null)
        {
            users.PasswordHasher.HashPassword(user, request.Password);
            return OperationResult.Ok;
        }

        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded) return OperationResult.Fail(created.Errors.Select(e => e.Description).ToArray());
        var role = await users.AddToRoleAsync(user, Roles.Customer);
        if (!role.Succeeded) return OperationResult.Fail(role.Errors.Select(e => e.Description).ToArray());

        // A new contact of its own: the email is not verified, so it is never matched to a contact
        // known from email or Telegram (that would hand their conversations to whoever typed the address).
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = new Contact { Name = name, Email = email };
        contact.Identities.Add(new ContactIdentity { Kind = IdentityKind.PortalUser, Value = user.Id });
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok;
    }
}
