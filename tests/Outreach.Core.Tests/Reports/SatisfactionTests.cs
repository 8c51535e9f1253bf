using Outreach.Problems;
using Outreach.Reports;
using static Outreach.Core.Tests.Problems.Given;

namespace Outreach.Core.Tests.Reports;

/// <summary>评价反馈 in the problem report: who evaluated, the 不满意 cases and their rate, per source.</summary>
public class SatisfactionTests
{
    [Fact]
    public void Each_evaluation_is_counted_by_who_gave_it_and_the_dissatisfied_rate_is_of_the_problems_with_a_verdict()
    {
        var resolved = Resolved();
        var problems = new[]
        {
            resolved.Then(new Evaluate(5, null, Evaluator.Requester)),
            resolved.Then(new Evaluate(2, "电话回访")),
            ProblemWorkflow.Apply(resolved, new EvaluateByDefault(resolved.ResolvedAt!.Value.AddDays(7)), "rating-timer", resolved.ResolvedAt.Value.AddDays(8)).Problem,
            resolved.Then(new Reopen("没修好")),
            resolved,
            Reported(),
        };

        var satisfaction = ProblemReport.Satisfied("visit", problems);

        Assert.Equal(new Satisfaction("visit", 3, 1, 1, 1, 1, 0.25, 3.5), satisfaction);
        Assert.Equal(new Satisfaction("request", 0, 0, 0, 0, 0, null, null), ProblemReport.Satisfied("request", []));
    }
}
