using System.ComponentModel.DataAnnotations;

namespace Outreach.Requests;

/// <summary>
/// The public side's limits (<c>RequestOptions__*</c>): how much one target may ask a day and how long a request may be,
/// and how long a requester has to rate a fix before it counts as 默认满意.
/// </summary>
public sealed class RequestOptions
{
    /// <summary>Requests one target may place on one China day through its link; the next is refused with the reason.</summary>
    [Range(1, 100)]
    public int DailyCap { get; set; } = 5;

    /// <summary>A request's description: at most this many characters (a phone's worth; the coordinator calls for more).</summary>
    [Range(10, 2000)]
    public int MaxDescription { get; set; } = 500;

    /// <summary>Days a requester has to rate a fix (or say it is not solved) before it is evaluated as 默认满意.</summary>
    [Range(1, 60)]
    public int RatingDays { get; set; } = 7;
}
