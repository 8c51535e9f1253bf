using Outreach.Problems;
using Outreach.Testing;

namespace Outreach.Azure.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class ProblemStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly TableStores _stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());

    [Fact]
    public async Task Every_field_and_the_whole_history_read_back_as_written()
    {
        var problem = Reported("g1~20261207~t1~1")
            .Then(new Dispatch("urban", 5), 1)
            .Then(new Accept(), 2)
            .Then(new Return("不归我们管"), 3)
            .Then(new Dispatch("water", 3), 4)
            .Then(new Accept(), 5);
        problem = ProblemWorkflow.Apply(problem, new Escalate(problem.Stage, problem.DueAt!.Value), ProblemWorkflow.TimerActor, problem.DueAt.Value.AddHours(1)).Problem;

        Assert.NotNull(await _stores.Problems.AddAsync(problem));
        var stored = (await _stores.Problems.GetAsync(problem.Id))!.Problem;

        Assert.Equal(problem with { History = stored.History }, stored);
        Assert.Equal(problem.History, stored.History);
        Assert.Equal(ProblemStatus.Escalated, stored.Status);
    }

    [Fact]
    public async Task An_id_is_added_once_and_a_stale_etag_replaces_nothing()
    {
        var problem = Reported("g1~20261207~t1~1");
        var etag = (await _stores.Problems.AddAsync(problem))!;

        Assert.Null(await _stores.Problems.AddAsync(problem));
        var dispatched = problem.Then(new Dispatch("urban", 5), 1);
        Assert.NotNull(await _stores.Problems.TryReplaceAsync(dispatched, etag));
        Assert.Null(await _stores.Problems.TryReplaceAsync(dispatched.Then(new Accept(), 2), etag));
        Assert.Equal(ProblemStatus.Dispatched, (await _stores.Problems.GetAsync(problem.Id))!.Problem.Stage);
        Assert.Null(await _stores.Problems.GetAsync("g1~20261207~t1~2"));
        Assert.Null(await _stores.Problems.GetAsync("not-a-problem-id"));
    }

    [Fact]
    public async Task Lists_filter_on_status_grid_department_and_open_stages()
    {
        var open = Reported("g1~20261207~t1~1");
        var dispatched = Reported("g1~20261207~t1~2").Then(new Dispatch("urban", 5), 1);
        var closed = Reported("g2~20261207~t2~1", "g2").Then(new Dispatch("urban", 5), 1).Then(new Accept(), 1).Then(new Resolve("ok"), 1).Then(new Evaluate(4, null), 1);
        foreach (var problem in new[] { closed, dispatched, open })
        {
            await _stores.Problems.AddAsync(problem);
        }

        async Task<string[]> Ids(ProblemFilter filter) => (await _stores.Problems.ListAsync(filter)).Select(p => p.Problem.Id).ToArray();

        Assert.Equal([open.Id, dispatched.Id, closed.Id], await Ids(new ProblemFilter()));
        Assert.Equal([open.Id, dispatched.Id], await Ids(new ProblemFilter(OpenOnly: true)));
        Assert.Equal([dispatched.Id, closed.Id], await Ids(new ProblemFilter(Department: "urban")));
        Assert.Equal([closed.Id], await Ids(new ProblemFilter(ProblemStatus.Evaluated, "g2")));
        Assert.Empty(await Ids(new ProblemFilter(Grid: "g3")));
    }

    private static Problem Reported(string id, string grid = "g1") =>
        ProblemWorkflow.Report(new ReportProblem(id, grid, id.Split('~')[2], null, "道路", "路灯坏了", ProblemUrgency.Urgent), "coordinator", T0);
}

internal static class ProblemSteps
{
    public static Problem Then(this Problem problem, ProblemCommand command, double hoursLater)
    {
        var result = ProblemWorkflow.Apply(problem, command, "someone", problem.History[^1].At.AddHours(hoursLater));
        Assert.True(result.IsApplied, result.Refusal);
        return result.Problem;
    }
}
