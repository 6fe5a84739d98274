using CommHub.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.TestSupport;

/// <summary>
/// Makes chosen SaveChanges calls fail as a database that refuses the write would (a lost connection, a full disk), and
/// nothing else: set-based updates and every other save go through.
/// </summary>
public sealed class FailingSaveInterceptor : SaveChangesInterceptor
{
    /// <summary>Which saves fail; null lets all through.</summary>
    public Func<DbContext, bool>? FailWhen { get; set; }

    public int Failed { get; private set; }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && FailWhen?.Invoke(context) == true)
        {
            Failed++;
            throw new DbUpdateException("The database refused the write (made to fail by the test).");
        }
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    /// <summary>Adds the interceptor to the app's SQLite contexts, after the app's own.</summary>
    public void AddTo(IServiceCollection services) =>
        services.ConfigureDbContext<SqliteCommHubDbContext>((_, options) => options.AddInterceptors(this));
}
