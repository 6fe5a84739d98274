using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Users;

/// <summary>Per-user display preferences, stored on the user so they follow them across devices.</summary>
public sealed class UserPreferencesService(IDbContextFactory<CommHubDbContext> dbFactory)
{
    public async Task<bool> GetDarkModeAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.PrefersDarkMode).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task SetDarkModeAsync(string userId, bool darkMode, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PrefersDarkMode, darkMode), cancellationToken);
    }
}
