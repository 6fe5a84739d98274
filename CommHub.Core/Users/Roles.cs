namespace CommHub.Core.Users;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Agent = "Agent";
    public const string Crew = "Crew";
    public const string Customer = "Customer";

    /// <summary>Staff who work the inbox.</summary>
    public const string Staff = Admin + "," + Agent;

    public static readonly IReadOnlyList<string> All = [Admin, Agent, Crew, Customer];

    /// <summary>Where a user of this role lands after signing in.</summary>
    public static string HomePath(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        if (set.Contains(Admin) || set.Contains(Agent)) return "/inbox";
        if (set.Contains(Crew)) return "/crew";
        if (set.Contains(Customer)) return "/portal";
        return "/";
    }
}
