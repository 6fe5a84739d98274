using CommHub.Infrastructure.Jobs;
using CommHub.Tests.TestSupport;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Infrastructure.Jobs;

public sealed class JobRegistrationTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    [Fact]
    public void RecurringSweeps_AreRegistered_InThisHostsOwnStorage()
    {
        var storage = factory.Services.GetRequiredService<JobStorage>();

        using var connection = storage.GetConnection();
        var recurring = connection.GetRecurringJobs();

        Assert.Contains(recurring, j => j.Id == SnoozeWakeUpJob.RecurringId && j.Cron == "* * * * *");
        Assert.Contains(recurring, j => j.Id == IdleRulesJob.RecurringId && j.Cron == "* * * * *");
        using var other = new CommHubFactory();
        Assert.NotSame(storage, other.Services.GetRequiredService<JobStorage>());
        // Jobs are built from the host's own container, whatever other hosts the process runs.
        Assert.NotSame(factory.Services.GetRequiredService<JobActivator>(), other.Services.GetRequiredService<JobActivator>());
    }
}
