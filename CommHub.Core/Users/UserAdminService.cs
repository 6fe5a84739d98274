using System.Net.Mail;
using CommHub.Core.Audit;
using CommHub.Core.Common;
using CommHub.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Users;

/// <summary>
/// Admin use cases on user accounts. Each operation takes its own scope, so a long-lived Blazor circuit
/// never holds a UserManager (and its DbContext) across operations.
/// </summary>
public sealed class UserAdminService(
    IServiceScopeFactory scopeFactory,
    IDbContextFactory<CommHubDbContext> dbFactory,
    AuditLog audit,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var rows = await db.Users
            .OrderBy(u => u.Email)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                u.IsDisabled,
                u.LockoutEnd,
                u.CreatedAt,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name)
                    .OrderBy(n => n)
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new UserSummary(
            r.Id, r.Email ?? "", r.DisplayName, r.Role, r.IsDisabled,
            r.LockoutEnd is { } end && end > now, r.CreatedAt)).ToList();
    }

    public async Task<OperationResult> CreateAsync(CreateUserRequest request, string? actingUserId, CancellationToken cancellationToken = default)
    {
        var email = request.Email.Trim();
        if (!IsEmail(email)) return OperationResult.Fail("Enter a valid email address.");
        if (!Roles.All.Contains(request.Role)) return OperationResult.Fail($"Unknown role '{request.Role}'.");

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is not null)
            return OperationResult.Fail($"A user with the email {email} already exists.");

        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? email : request.DisplayName.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded) return ToResult(created);
        var added = await users.AddToRoleAsync(user, request.Role);
        if (!added.Succeeded) return ToResult(added);

        await AuditAsync(actingUserId, "user.created", user.Id, $"{email} as {request.Role}", cancellationToken);
        return OperationResult.Ok;
    }

    public async Task<OperationResult> ChangeRoleAsync(string userId, string role, string? actingUserId, CancellationToken cancellationToken = default)
    {
        if (!Roles.All.Contains(role)) return OperationResult.Fail($"Unknown role '{role}'.");
        if (userId == actingUserId && role != Roles.Admin)
            return OperationResult.Fail("You cannot take the Admin role from yourself; ask another admin.");

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return OperationResult.Fail("That user no longer exists.");

        var current = await users.GetRolesAsync(user);
        if (current.Count == 1 && current[0] == role) return OperationResult.Ok;
        var removed = await users.RemoveFromRolesAsync(user, current);
        if (!removed.Succeeded) return ToResult(removed);
        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded) return ToResult(added);
        // A new stamp ends every open session and circuit of the user, so the old role stops working at once.
        var stamped = await users.UpdateSecurityStampAsync(user);
        if (!stamped.Succeeded) return ToResult(stamped);

        await AuditAsync(actingUserId, "user.role-changed", user.Id, $"{string.Join(",", current)} -> {role}", cancellationToken);
        return OperationResult.Ok;
    }

    /// <summary>Disabling also rotates the security stamp, which ends every open session of the user.</summary>
    public async Task<OperationResult> SetDisabledAsync(string userId, bool disabled, string? actingUserId, CancellationToken cancellationToken = default)
    {
        if (disabled && userId == actingUserId) return OperationResult.Fail("You cannot disable your own account.");

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return OperationResult.Fail("That user no longer exists.");
        if (user.IsDisabled == disabled) return OperationResult.Ok;

        user.IsDisabled = disabled;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return ToResult(updated);
        if (disabled)
        {
            var stamped = await users.UpdateSecurityStampAsync(user);
            if (!stamped.Succeeded) return ToResult(stamped);
        }

        await AuditAsync(actingUserId, disabled ? "user.disabled" : "user.enabled", user.Id, user.Email, cancellationToken);
        return OperationResult.Ok;
    }

    /// <summary>Ends every open session and live circuit of the user (within the revalidation interval).</summary>
    public async Task<OperationResult> SignOutEverywhereAsync(string userId, string? actingUserId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return OperationResult.Fail("That user no longer exists.");
        var stamped = await users.UpdateSecurityStampAsync(user);
        if (!stamped.Succeeded) return ToResult(stamped);
        await AuditAsync(actingUserId, "user.signed-out-everywhere", user.Id, user.Email, cancellationToken);
        return OperationResult.Ok;
    }

    /// <summary>
    /// Gives the user a one-time password, returned here to be shown once: their sessions end, and at their next sign-in
    /// they must choose their own before anything else.
    /// </summary>
    public async Task<OperationResult<string>> ResetPasswordAsync(string userId, string? actingUserId, CancellationToken cancellationToken = default)
    {
        if (userId == actingUserId) return OperationResult<string>.Fail("Change your own password from your profile instead.");
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return OperationResult<string>.Fail("That user no longer exists.");

        var password = OneTimePassword.New();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        // Checks the password like any other and rotates the security stamp, which ends the user's open sessions.
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded) return OperationResult<string>.Fail(reset.Errors.Select(e => e.Description).ToArray());
        user.MustChangePassword = true;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return OperationResult<string>.Fail(updated.Errors.Select(e => e.Description).ToArray());

        await AuditAsync(actingUserId, "user.password-reset", user.Id, user.Email, cancellationToken);
        return OperationResult<string>.Ok(password);
    }

    /// <summary>A user changes their own name (shown to colleagues and, on replies, to customers).</summary>
    public async Task<OperationResult> RenameAsync(string userId, string displayName, CancellationToken cancellationToken = default)
    {
        var name = displayName.Trim();
        if (name.Length == 0) return OperationResult.Fail("Enter your name.");
        if (name.Length > MaxNameLength) return OperationResult.Fail($"Keep your name to {MaxNameLength} characters or fewer.");
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return OperationResult.Fail("Your account no longer exists.");
        if (user.DisplayName == name) return OperationResult.Ok;
        var before = user.DisplayName;
        user.DisplayName = name;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return ToResult(updated);
        await AuditAsync(userId, "user.renamed", user.Id, $"{before} -> {name}", cancellationToken);
        return OperationResult.Ok;
    }

    public const int MaxNameLength = 100;

    private static bool IsEmail(string value) =>
        value.Length <= 256 && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;

    private static OperationResult ToResult(IdentityResult result) =>
        OperationResult.Fail(result.Errors.Select(e => e.Description).ToArray());

    private Task AuditAsync(string? actingUserId, string action, string entityId, string? details, CancellationToken cancellationToken) =>
        audit.RecordAsync(actingUserId, action, nameof(ApplicationUser), entityId, details, cancellationToken);
}
