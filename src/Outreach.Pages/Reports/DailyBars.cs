using Outreach.Reports;

namespace Outreach.Pages.Reports;

/// <summary>
/// The daily chart's bars: where each day's planned and done bars stand, scaled to the busiest day, and which days are
/// labelled — the first, the last (ending at the chart's edge), month starts and, within a month, Mondays, never two
/// closer than one label's width.
/// </summary>
internal sealed record DailyBars(int Max, IReadOnlyList<DailyBars.Bar> Bars)
{
    // A date label is at most five characters ("12/31"): about 56 units at the phone's 16px.
    private const double LabelWidth = 56;

    public sealed record Bar(DailyVisits Day, double X, double Width, double Planned, double Done, bool Label, bool LabelAtEnd);

    public static DailyBars Lay(IReadOnlyList<DailyVisits> days, int width, int left, int plotHeight)
    {
        var max = Math.Max(1, days.Select(d => Math.Max(d.Planned, d.Completed)).DefaultIfEmpty(0).Max());
        var slot = (double)(width - left) / Math.Max(1, days.Count);
        var labelledAt = double.NegativeInfinity;
        var bars = new List<Bar>(days.Count);
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            var x = left + i * slot;
            var last = i == days.Count - 1 && i > 0;
            var label = (i == 0 || last || d.Day.Day == 1 || (days.Count <= 31 && d.Day.DayOfWeek == DayOfWeek.Monday))
                && (last ? width - LabelWidth : x) - labelledAt >= LabelWidth;
            if (label)
            {
                labelledAt = last ? width : x;
            }
            bars.Add(new Bar(d, x, Math.Max(1, slot / 2 - 1), d.Planned * plotHeight / (double)max, d.Completed * plotHeight / (double)max, label && !last, label && last));
        }
        return new DailyBars(max, bars);
    }
}
