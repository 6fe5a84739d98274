using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommHub.Core.Data;

/// <summary>A save interceptor that looks at the change tracker before every save (sync or async) and may add to it.</summary>
public abstract class SaveRecorder : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Runs before the save, in its transaction: what it adds is saved with the change.</summary>
    protected abstract void Record(DbContext? context);
}
