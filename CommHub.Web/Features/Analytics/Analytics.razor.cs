using CommHub.Core.Analytics;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using UiScript = CommHub.Web.Components.Shared.UiScript;

namespace CommHub.Web.Features.Analytics;

public sealed partial class Analytics : IAsyncDisposable
{
    private AnalyticsQuery query = AnalyticsQuery.Default;
    private AnalyticsChoices choices = new([], [], []);
    private AnalyticsReport? report;
    private bool loading = true;
    private string? error;
    private string? zone;
    private string[] dayLabels = [];
    private readonly string[] hourLabels = Enumerable.Range(0, 24).Select(h => h.ToString()).ToArray();
    private List<ChartSeries<double>> volumeSeries = [], firstResponseSeries = [], heatSeries = [], backlogSeries = [];
    private UiScript? script;
    // 168 cells: numbers in each would be unreadable at phone width; the table view has them.
    private readonly HeatMapChartOptions heatOptions = new() { ShowLabels = false };

    [Inject] private AnalyticsService Service { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;
    [Inject] private ILogger<Analytics> Logger { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "period")] public string? Period { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "channel")] public int? Channel { get; set; }
    [SupplyParameterFromQuery(Name = "agent")] public string? Agent { get; set; }
    [SupplyParameterFromQuery(Name = "label")] public int? Label { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        query = AnalyticsQuery.Parse(Period, From, To, Channel, Agent, Label);
        if (zone is not null) await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        // Day boundaries are the viewer's: ask the browser for its zone once, then load.
        script = new UiScript(JS);
        string? browserZone = null;
        try
        {
            browserZone = await (await script.ModuleAsync()).InvokeAsync<string?>("timeZone");
        }
        catch (JSException)
        {
            // An old browser without Intl: UTC it is.
        }
        zone = ZoneDays.For(browserZone ?? "UTC").Zone.Id;
        choices = await Service.ChoicesAsync();
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        loading = true;
        try
        {
            report = await Service.ReportAsync(query.ToFilter(Service, zone!));
            BuildSeries(report);
            error = null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogError(e, "Analytics failed to load.");
            report = null;
            error = "The figures could not be loaded. Try again in a moment.";
        }
        loading = false;
    }

    private void NavigateAsync(AnalyticsQuery changed) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(changed.Parameters));

    private string Csv(string chart) => $"/analytics/export/{chart}.csv?{query.QueryString(zone ?? "UTC")}";

    private string ChannelName(int id) => choices.Channels.FirstOrDefault(c => c.Value == id.ToString())?.Name ?? $"#{id}";

    private void BuildSeries(AnalyticsReport r)
    {
        var days = r.FirstResponse.Select(d => d.Day).ToList();
        dayLabels = days.Select((d, i) => days.Count <= 10 || i % (days.Count / 8 + 1) == 0 ? d.ToString("d MMM") : "").ToArray();
        var volume = r.Volume.GroupBy(v => v.Day).ToDictionary(g => g.Key, g => (In: g.Sum(v => v.In), Out: g.Sum(v => v.Out)));
        volumeSeries =
        [
            Series("In", days.Select(d => (double)volume.GetValueOrDefault(d).In)),
            Series("Out", days.Select(d => (double)volume.GetValueOrDefault(d).Out)),
        ];
        firstResponseSeries =
        [
            Series("Median", r.FirstResponse.Select(d => Minutes(d.FirstResponse.Median))),
            Series("90th percentile", r.FirstResponse.Select(d => Minutes(d.FirstResponse.P90))),
        ];
        heatSeries = r.Heatmap.GroupBy(c => c.Weekday).Select(g => Series(g.Key.ToString()[..3], g.Select(c => (double)c.Inbound))).ToList();
        backlogSeries = [Series("Open", r.Backlog.Select(b => (double)b.Open))];
    }

    private static double Minutes(double? seconds) => Math.Round((seconds ?? 0) / 60, 1);

    private static ChartSeries<double> Series(string name, IEnumerable<double> values) => new() { Name = name, Data = new ChartData<double>(values.ToArray()) };

    public async ValueTask DisposeAsync()
    {
        if (script is not null) await script.DisposeAsync();
    }
}
