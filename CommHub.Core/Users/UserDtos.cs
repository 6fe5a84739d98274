namespace CommHub.Core.Users;

public sealed record UserSummary(
    string Id,
    string Email,
    string DisplayName,
    string? Role,
    bool IsDisabled,
    bool IsLockedOut,
    DateTime CreatedAt);

public sealed record CreateUserRequest(string Email, string DisplayName, string Role, string Password);
