using System.Collections.Concurrent;
using System.Data.Common;
using CommHub.Core.Ingest;
using CommHub.Infrastructure.Data;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Infrastructure.Telegram;

/// <summary>A job client that records what is enqueued and never runs it: a host whose in-memory jobs are lost.</summary>
public sealed class RecordingJobClient : IBackgroundJobClient
{
    public ConcurrentQueue<Job> Jobs { get; } = new();

    public string Create(Job job, IState state)
    {
        Jobs.Enqueue(job);
        return Guid.NewGuid().ToString("N");
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => false;
}

public static class IntakeTestSupport
{
    /// <summary>Adds interceptors to the app's contexts, whichever provider the host runs on.</summary>
    public static void AddInterceptors(this IServiceCollection services, params IInterceptor[] interceptors)
    {
        services.ConfigureDbContext<SqliteCommHubDbContext>((_, options) => options.AddInterceptors(interceptors));
        services.ConfigureDbContext<PostgreSqlCommHubDbContext>((_, options) => options.AddInterceptors(interceptors));
    }

    /// <summary>
    /// A second host over the first one's database (SQLite file or PostgreSQL database) and data folder (its Data Protection
    /// keys read the bot token): a restarted app, with empty in-memory job storage. The first host owns the database.
    /// </summary>
    public static CommHubFactory SecondHost(this CommHubFactory first, FakeTelegram telegram)
    {
        var second = new CommHubFactory();
        telegram.Configure(second);
        second.Settings["CommHub:DataPath"] = first.DataPath;
        foreach (var key in new[] { "Database:Provider", "ConnectionStrings:CommHub" })
            if (first.Settings.TryGetValue(key, out var value)) second.Settings[key] = value;
        return second;
    }

    public static async Task<List<InboundUpdate>> RowsAsync(this CommHubFactory factory, int channelId)
    {
        await using var db = await factory.CreateDbAsync();
        return await db.InboundUpdates.AsNoTracking().Where(u => u.ChannelId == channelId).OrderBy(u => u.Id).ToListAsync();
    }

    public static async Task<List<string>> MessageTextsAsync(this CommHubFactory factory, int channelId)
    {
        await using var db = await factory.CreateDbAsync();
        return await db.Messages.Where(m => m.ChannelId == channelId).OrderBy(m => m.Id).Select(m => m.Text).ToListAsync();
    }

    /// <summary>Reads until <paramref name="done"/> holds or a generous minute passes (the machine is loaded), then returns the last value.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > until) return value;
            await Task.Delay(100);
        }
    }
}
