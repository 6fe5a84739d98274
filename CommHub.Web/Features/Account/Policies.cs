namespace CommHub.Web.Features.Account;

public static class Policies
{
    public const string Admin = "Admin";
    public const string Staff = "Staff";
}
