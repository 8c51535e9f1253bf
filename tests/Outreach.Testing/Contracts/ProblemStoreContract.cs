using Outreach.Problems;
using Xunit;

namespace Outreach.Testing.Contracts;

/// <summary>
/// What every <see cref="IProblemStore"/> answers: the Table Storage store on Azurite and the in-memory one both run
/// these. Each test gets an empty store.
/// </summary>
public abstract class ProblemStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>An empty store, fresh for each test.</summary>
    protected abstract IProblemStore Problems { get; }

    [Fact]
    public async Task Every_field_and_the_whole_history_read_back_as_written()
    {
        var problem = Then(Then(Then(Then(Then(Reported("g1~20261207~t1~1"), new Dispatch("urban", 5), 1), new Accept(), 2), new Return("不归我们管"), 3), new Dispatch("water", 3), 4), new Accept(), 5);
        problem = ProblemWorkflow.Apply(problem, new Escalate(problem.Stage, problem.DueAt!.Value), ProblemWorkflow.TimerActor, problem.DueAt.Value.AddHours(1)).Problem;

        Assert.NotNull(await Problems.AddAsync(problem));
        var stored = (await Problems.GetAsync(problem.Id))!.Problem;

        Assert.Equal(problem with { History = stored.History }, stored);
        Assert.Equal(problem.History, stored.History);
        Assert.Equal(ProblemStatus.Escalated, stored.Status);
    }

    [Fact]
    public async Task A_request_its_reopening_and_the_requesters_rating_read_back_as_written()
    {
        var request = ProblemWorkflow.Report(
            new ReportProblem("g1~20261207~t1~r0a1b2c3d", "g1", "t1", null, "用工招聘", "缺操作工", ProblemUrgency.Normal, Request: true, PreferredTime: "工作日上午"), "requester", T0);
        var resolved = Then(Then(Then(request, new Dispatch("urban", 5), 1), new Accept(), 1), new Resolve("已对接"), 1);
        var rated = Then(Then(Then(Then(Then(resolved, new Reopen("还是缺人"), 1), new Dispatch("urban", 5), 1), new Accept(), 1), new Resolve("已推荐"), 1), new Evaluate(4, "好", Evaluator.Requester), 1);
        var byDefault = ProblemWorkflow.Apply(resolved with { Id = "g1~20261207~t1~r0a1b2c3e" }, new EvaluateByDefault(T0.AddDays(8)), "rating-timer", T0.AddDays(9)).Problem;

        await Problems.AddAsync(rated);
        await Problems.AddAsync(byDefault);
        var stored = (await Problems.GetAsync(rated.Id))!.Problem;
        var storedDefault = (await Problems.GetAsync(byDefault.Id))!.Problem;

        Assert.Equal(rated with { History = stored.History }, stored);
        Assert.Equal(rated.History, stored.History);
        Assert.Equal((ProblemSource.Request, "工作日上午", 1, Evaluator.Requester), (stored.Source, stored.PreferredTime, stored.Dissatisfied, stored.EvaluatedBy));
        Assert.Equal(byDefault with { History = storedDefault.History }, storedDefault);
        Assert.Equal((Evaluator.Default, (int?)null), (storedDefault.EvaluatedBy, storedDefault.Rating));
    }

    [Fact]
    public async Task An_id_is_added_once_and_a_stale_etag_replaces_nothing()
    {
        var problem = Reported("g1~20261207~t1~1");
        var etag = (await Problems.AddAsync(problem))!;

        Assert.Null(await Problems.AddAsync(problem));
        var dispatched = Then(problem, new Dispatch("urban", 5), 1);
        var next = await Problems.TryReplaceAsync(dispatched, etag);
        Assert.NotNull(next);
        Assert.Equal(next, (await Problems.GetAsync(problem.Id))!.ETag);
        Assert.Null(await Problems.TryReplaceAsync(Then(dispatched, new Accept(), 2), etag));
        Assert.Equal(ProblemStatus.Dispatched, (await Problems.GetAsync(problem.Id))!.Problem.Stage);
        Assert.Null(await Problems.TryReplaceAsync(Reported("g1~20261207~t1~9"), etag));
        Assert.Null(await Problems.GetAsync("g1~20261207~t1~9"));
        Assert.Null(await Problems.GetAsync("not-a-problem-id"));
    }

    [Fact]
    public async Task Lists_filter_on_status_grid_department_and_open_stages_by_grid_then_id()
    {
        var open = Reported("g1~20261207~t1~1");
        var dispatched = Then(Reported("g1~20261207~t1~2"), new Dispatch("urban", 5), 1);
        var closed = Then(Then(Then(Then(Reported("g2~20261207~t2~1", "g2"), new Dispatch("urban", 5), 1), new Accept(), 1), new Resolve("ok"), 1), new Evaluate(4, null), 1);
        foreach (var problem in new[] { closed, dispatched, open })
        {
            await Problems.AddAsync(problem);
        }

        async Task<string[]> Ids(ProblemFilter filter) => (await Problems.ListAsync(filter)).Select(p => p.Problem.Id).ToArray();

        Assert.Equal([open.Id, dispatched.Id, closed.Id], await Ids(new ProblemFilter()));
        Assert.Equal([open.Id, dispatched.Id], await Ids(new ProblemFilter(OpenOnly: true)));
        Assert.Equal([dispatched.Id, closed.Id], await Ids(new ProblemFilter(Department: "urban")));
        Assert.Equal([closed.Id], await Ids(new ProblemFilter(ProblemStatus.Evaluated, "g2")));
        Assert.Empty(await Ids(new ProblemFilter(Grid: "g3")));
    }

    [Fact]
    public async Task An_escalated_problem_is_listed_under_escalated_while_it_is_open()
    {
        var accepted = Then(Then(Reported("g1~20261207~t1~1"), new Dispatch("urban", 5), 1), new Accept(), 1);
        var escalated = ProblemWorkflow.Apply(accepted, new Escalate(accepted.Stage, accepted.DueAt!.Value), ProblemWorkflow.TimerActor, accepted.DueAt.Value.AddHours(1)).Problem;
        await Problems.AddAsync(escalated);
        await Problems.AddAsync(Then(Reported("g1~20261207~t1~2"), new Dispatch("urban", 5), 1));

        var listed = await Problems.ListAsync(new ProblemFilter(ProblemStatus.Escalated));

        Assert.Equal([escalated.Id], listed.Select(p => p.Problem.Id));
    }

    private static Problem Reported(string id, string grid = "g1") =>
        ProblemWorkflow.Report(new ReportProblem(id, grid, id.Split('~')[2], null, "道路", "路灯坏了", ProblemUrgency.Urgent), "coordinator", T0);

    private static Problem Then(Problem problem, ProblemCommand command, double hoursLater)
    {
        var result = ProblemWorkflow.Apply(problem, command, "someone", problem.History[^1].At.AddHours(hoursLater));
        Assert.True(result.IsApplied, result.Refusal);
        return result.Problem;
    }
}
