using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide and its loggers are cached statically, so in a process that
/// starts and stops several hosts (the test suite) a logger can outlive the LoggerFactory it was made
/// from. Logging through such a logger is dropped instead of failing the host that happens to log.
/// </summary>
internal sealed class DisposalTolerantLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return new TolerantLog(inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return new TolerantLog(null);
        }
    }

    private sealed class TolerantLog(ILog? inner) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (inner is null) return false;
            try
            {
                return inner.Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
