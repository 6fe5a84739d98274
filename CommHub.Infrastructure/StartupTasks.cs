using CommHub.Core.Analytics;
using CommHub.Core.Demo;
using CommHub.Core.Users;
using CommHub.Infrastructure.Data;
using CommHub.Infrastructure.Jobs;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CommHub.Infrastructure;

/// <summary>
/// Runs before the server takes requests: migrate the database, make sure an Admin exists, fill demo
/// data when asked (<c>--demo</c> or <c>CommHub:Demo=true</c>), and register the recurring jobs.
/// </summary>
public sealed class StartupTasks(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    public const string DemoSetting = "CommHub:Demo";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);

        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAsync();
            if (configuration.GetValue<bool>(DemoSetting))
                await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
        }

        var jobs = services.GetRequiredService<IRecurringJobManager>();
        var cron = services.GetRequiredService<IOptions<JobOptions>>().Value.SweepCron;
        jobs.AddOrUpdate<SnoozeWakeUpJob>(SnoozeWakeUpJob.RecurringId, job => job.RunAsync(CancellationToken.None), cron);
        jobs.AddOrUpdate<AttachmentSweepJob>(AttachmentSweepJob.RecurringId, job => job.RunAsync(CancellationToken.None), cron);
        jobs.AddOrUpdate<OutboxJob>(OutboxJob.RecurringId, job => job.RunAsync(CancellationToken.None), cron);
        jobs.AddOrUpdate<Webhooks.WebhookJob>(Webhooks.WebhookJob.RecurringId, job => job.RunAsync(CancellationToken.None), cron);
        var client = services.GetRequiredService<IBackgroundJobClient>();
        services.GetRequiredService<CommHub.Core.Webhooks.WebhookState>().OnSignal =
            () => client.Enqueue<Webhooks.WebhookJob>(job => job.RunAsync(CancellationToken.None));
        await services.GetRequiredService<ChannelJobScheduler>().ScheduleAllAsync(cancellationToken);
        jobs.AddOrUpdate<IdleRulesJob>(IdleRulesJob.RecurringId, job => job.RunAsync(CancellationToken.None), cron);
        jobs.AddOrUpdate<IntakeSweepJob>(IntakeSweepJob.RecurringId, job => job.RunAsync(CancellationToken.None), cron);
        jobs.AddOrUpdate<DueRulesJob>(DueRulesJob.RecurringId, job => job.RunAsync(CancellationToken.None), cron);
        jobs.AddOrUpdate<AnalyticsFoldJob>(AnalyticsFoldJob.RecurringId, job => job.RunAsync(CancellationToken.None),
            services.GetRequiredService<IOptions<AnalyticsOptions>>().Value.FoldCron);
        jobs.AddOrUpdate<RetentionJob>(RetentionJob.RecurringId, job => job.RunAsync(CancellationToken.None),
            services.GetRequiredService<IOptions<CommHub.Core.Retention.RetentionOptions>>().Value.Cron);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
