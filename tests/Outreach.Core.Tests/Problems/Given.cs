using Outreach.Problems;

namespace Outreach.Core.Tests.Problems;

/// <summary>Readable problem fixtures: <c>Given.Reported().Then(new Dispatch("urban", 5))</c>.</summary>
internal static class Given
{
    /// <summary>Monday 2 March 2026, 09:00 in Shanghai.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public static ReportProblem Report(string id = "P-1") =>
        new(id, "g1", "t1", "g1~20260302~t1", "道路", "路灯坏了", ProblemUrgency.Normal);

    public static Problem Reported(string id = "P-1") => ProblemWorkflow.Report(Report(id), "v1", T0);

    public static Problem Dispatched(string department = "urban", int dueDays = 5) => Reported().Then(new Dispatch(department, dueDays));

    public static Problem Accepted() => Dispatched().Then(new Accept());

    public static Problem Resolved() => Accepted().Then(new Resolve("换了灯泡"));

    /// <summary>Applies a step <paramref name="hoursLater"/> after the last one and insists that it was applied.</summary>
    public static Problem Then(this Problem problem, ProblemCommand command, double hoursLater = 1, string actor = "someone")
    {
        var result = ProblemWorkflow.Apply(problem, command, actor, problem.History[^1].At.AddHours(hoursLater));
        Assert.True(result.IsApplied, result.Refusal);
        return result.Problem;
    }

    /// <summary>Applies a step that must be refused, and checks that nothing changed.</summary>
    public static string Refusal(this Problem problem, ProblemCommand command, double hoursLater = 1)
    {
        var result = ProblemWorkflow.Apply(problem, command, "someone", problem.History[^1].At.AddHours(hoursLater));
        Assert.False(result.IsApplied, $"{command} was applied to a {problem.Stage} problem");
        Assert.Same(problem, result.Problem);
        return result.Refusal;
    }
}
