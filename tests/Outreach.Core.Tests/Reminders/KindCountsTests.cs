using Outreach.Reminders;
using Outreach.Roster;

namespace Outreach.Core.Tests.Reminders;

public class KindCountsTests
{
    private static DigestVisit[] Visits(params TargetKind[] kinds) => kinds.Select(k => new DigestVisit("x", "", null, k)).ToArray();

    [Fact]
    public void Enterprises_are_counted_with_jia_and_households_with_hu()
    {
        Assert.Equal("2家企业、3户居民", KindCounts.Chinese(Visits(TargetKind.Household, TargetKind.Enterprise, TargetKind.Household, TargetKind.Enterprise, TargetKind.Household)));
        Assert.Equal("1家企业", KindCounts.Chinese(Visits(TargetKind.Enterprise)));
        Assert.Equal("3户居民", KindCounts.Chinese(Visits(TargetKind.Household, TargetKind.Household, TargetKind.Household)));
        Assert.Equal("0户", KindCounts.Chinese([]));
    }

    [Fact]
    public void A_list_of_one_kind_is_measured_by_it_and_a_mixed_one_by_places()
    {
        Assert.Equal("家", KindCounts.Measure(Visits(TargetKind.Enterprise, TargetKind.Enterprise)));
        Assert.Equal("户", KindCounts.Measure(Visits(TargetKind.Household)));
        Assert.Equal("处", KindCounts.Measure(Visits(TargetKind.Enterprise, TargetKind.Household)));
    }
}
