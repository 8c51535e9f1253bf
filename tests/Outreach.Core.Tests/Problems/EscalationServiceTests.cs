using Outreach.Planning;
using Outreach.Problems;
using Outreach.Reminders;
using static Outreach.Core.Tests.ServiceWorld;

namespace Outreach.Core.Tests.Problems;

/// <summary>The hourly escalation run on the in-memory stores: overdue problems escalated once per stage, unreported past visits marked overdue, ETag-guarded writes, and the notices it writes or catches up.</summary>
public sealed class EscalationServiceTests
{
    [Fact]
    public async Task An_overdue_accepted_problem_is_escalated_once_and_an_unreported_past_visit_is_marked_overdue()
    {
        var (world, late, waiting) = await TwoProblemsAsync();
        await world.StepAsync(late, new Dispatch("urban-management", 3));
        await world.StepAsync(late, new Accept(), "department");
        await world.StepAsync(waiting, new Dispatch("urban-management", 30));
        await world.StepAsync(waiting, new Accept(), "department");
        Assert.Equal(VisitStatus.Planned, world.H2.Status);

        world.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var first = await world.Escalation().RunAsync();
        var again = await world.Escalation().RunAsync();

        Assert.Equal([late], first.Escalated);
        Assert.Equal([world.H2.Id], first.OverdueVisits);
        Assert.Equal((0, 0), (again.Escalated.Count, again.OverdueVisits.Count));
        var escalated = await world.ProblemAsync(late);
        Assert.Equal((ProblemStatus.Escalated, ProblemStatus.Accepted, true), (escalated.Status, escalated.Stage, escalated.Escalated));
        Assert.Equal(ProblemWorkflow.TimerActor, Assert.Single(escalated.History, h => h.Action == ProblemAction.Escalate).Actor);
        Assert.Equal(ProblemStatus.Accepted, (await world.ProblemAsync(waiting)).Status);
        Assert.Equal([late], (await world.Problems.ListAsync(new ProblemFilter(Status: ProblemStatus.Escalated))).Select(p => p.Problem.Id));
        Assert.Equal(VisitStatus.Overdue, (await world.Stores.Visits.GetVisitAsync(world.H2.Id))!.Status);
        Assert.Equal(VisitStatus.Completed, (await world.Stores.Visits.GetVisitAsync(world.H1.Id))!.Status);
    }

    [Fact]
    public async Task An_escalated_problem_can_still_be_resolved_and_its_escalation_stays_on_record()
    {
        var world = await CreateAsync();
        var id = await world.OpenAsync();
        await world.StepAsync(id, new Dispatch("urban-management", 3));
        await world.StepAsync(id, new Accept(), "urban-management");
        world.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        Assert.Equal([id], (await world.Escalation().RunAsync()).Escalated);

        var resolved = await world.Problems.ApplyAsync(id, new Resolve("done"), "urban-management");

        Assert.Equal(ProblemStepKind.Applied, resolved.Kind);
        var stored = await world.ProblemAsync(id);
        Assert.Equal((ProblemStatus.Resolved, true), (stored.Status, stored.Escalated));
        Assert.Contains(stored.History, h => h.Action == ProblemAction.Escalate);
    }

    [Fact]
    public async Task An_escalation_writes_the_notice_to_the_department_and_the_copy_to_the_supervisor_once()
    {
        var (world, id) = await DispatchedAsync();

        // Not accepted within ProblemOptions.AcceptHours (24): escalated at the next run, and a rerun adds nothing.
        world.Clock.Advance(TimeSpan.FromHours(25));
        await world.Escalation().RunAsync();
        await world.Escalation().RunAsync();

        var rows = await world.OutboxAsync();
        Assert.Equal(
            [$"20261207~dispatch-notice~urban-management~{id}~1", $"20261208~escalation-copy~s1~{id}~1", $"20261208~escalation-notice~urban-management~{id}~1"],
            rows.Select(r => r.Id));
        var notice = rows.Single(r => r.Kind == MessageKind.EscalationNotice);
        Assert.Equal("+86139****1408", notice.MaskedPhone);
        Assert.StartsWith("【督办通知】城管科：", notice.Text);
        var copy = rows.Single(r => r.Kind == MessageKind.EscalationCopy);
        Assert.Equal("+86138****8009", copy.MaskedPhone);
        Assert.StartsWith("【督办抄送】", copy.Text);
        Assert.Contains("城管科的问题", copy.Text);
    }

    [Fact]
    public async Task A_department_that_accepts_late_and_then_misses_its_due_date_is_escalated_again()
    {
        var (world, id) = await DispatchedAsync();
        world.Clock.Advance(TimeSpan.FromHours(25));
        await world.Escalation().RunAsync();

        // Accepted the day after its escalation, with five days to resolve: chased again on the sixth day, once.
        world.Clock.Advance(TimeSpan.FromHours(1));
        await world.StepAsync(id, new Accept(), "department");
        world.Clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromHours(1));
        await world.Escalation().RunAsync();
        await world.Escalation().RunAsync();

        var problem = await world.ProblemAsync(id);
        Assert.Equal(2, problem.History.Count(e => e.Action == ProblemAction.Escalate));
        Assert.Equal(
            [$"20261208~escalation-notice~urban-management~{id}~1", $"20261213~escalation-notice~urban-management~{id}~2"],
            (await world.OutboxAsync()).Where(r => r.Kind == MessageKind.EscalationNotice).Select(r => r.Id));
    }

    [Fact]
    public async Task A_dispatch_whose_notice_could_not_be_written_still_succeeds_and_the_next_run_writes_it()
    {
        var world = await CreateAsync();
        var id = await world.OpenAsync();
        var broken = new ProblemService(world.Stores.Problems, world.Stores.Roster, world.Clock, new UnwritableNotices());
        var result = await broken.ApplyAsync(id, new Dispatch("urban-management", 5), "coordinator");
        Assert.Equal(ProblemStepKind.Applied, result.Kind);
        Assert.Empty(await world.OutboxAsync());

        world.Clock.Advance(TimeSpan.FromHours(1));
        await world.Escalation(new ProblemOptions { AcceptHours = 72 }).RunAsync();

        var row = Assert.Single(await world.OutboxAsync());
        Assert.Equal($"20261207~dispatch-notice~urban-management~{id}~1", row.Id);
    }

    [Fact]
    public async Task Past_the_catch_up_hours_a_missing_dispatch_notice_is_no_longer_written()
    {
        var world = await CreateAsync();
        var id = await world.OpenAsync();
        var broken = new ProblemService(world.Stores.Problems, world.Stores.Roster, world.Clock, new UnwritableNotices());
        Assert.Equal(ProblemStepKind.Applied, (await broken.ApplyAsync(id, new Dispatch("emergency", 5), "coordinator")).Kind);

        // The outbox may have cleaned up the notice that was sent: written again, it would go out twice.
        world.Clock.Advance(TimeSpan.FromHours(EscalationService.NoticeCatchUpHours + 1));
        await world.Escalation(new ProblemOptions { AcceptHours = 72 }).RunAsync();

        Assert.Empty(await world.OutboxAsync());
    }

    [Fact]
    public async Task An_escalation_whose_notices_could_not_be_written_gets_them_at_the_next_run()
    {
        var (world, id) = await DispatchedAsync();
        world.Clock.Advance(TimeSpan.FromHours(25));
        var broken = new EscalationService(world.Stores.Problems, world.Stores.Visits, world.Stores.Roster, world.Clock, new ProblemOptions(), new UnwritableNotices());
        Assert.Equal([id], (await broken.RunAsync()).Escalated);

        world.Clock.Advance(TimeSpan.FromHours(1));
        var next = await world.Escalation().RunAsync();

        Assert.Empty(next.Escalated);
        Assert.Equal([MessageKind.EscalationCopy, MessageKind.EscalationNotice], (await world.OutboxAsync()).Where(r => r.Kind != MessageKind.DispatchNotice).Select(r => r.Kind));
    }

    [Fact]
    public async Task A_problem_or_visit_that_moved_on_after_the_run_read_it_is_left_for_the_next_run()
    {
        var (world, id) = await DispatchedAsync();
        // The run marks the visits overdue in the order it reads them: the first one is reported meanwhile.
        var (visit, other) = world.H1.Date <= world.H2.Date ? (world.H1, world.H2) : (world.H2, world.H1);
        world.Clock.SetUtcNow(EveningOf(other).AddDays(1));
        // Between the run's read and its write, the department accepts, and the visitor reports the visit at last.
        var accepted = new RacingProblemStore(world.Stores.Problems, () => world.StepAsync(id, new Accept(), "urban-management"));
        var reported = new RacingVisitStore(world.Stores.Visits, () => world.RecordAsync(visit, Report(visit)));
        var run = new EscalationService(accepted, reported, world.Stores.Roster, world.Clock, new ProblemOptions(), world.Notices);

        var summary = await run.RunAsync();

        Assert.Empty(summary.Escalated);
        Assert.Equal((1, 2), (accepted.Replaces, reported.Writes));
        Assert.Equal([other.Id], summary.OverdueVisits);
        var problem = await world.ProblemAsync(id);
        Assert.Equal((ProblemStatus.Accepted, false), (problem.Status, problem.Escalated));
        Assert.Equal(VisitStatus.Completed, (await world.Stores.Visits.GetVisitAsync(visit.Id))!.Status);
        Assert.DoesNotContain(await world.OutboxAsync(), r => r.Kind == MessageKind.EscalationNotice);
    }

    private sealed class UnwritableNotices : IProblemNotifier
    {
        public Task NotifyAsync(Problem problem, ProblemAction step, CancellationToken cancellationToken = default) =>
            throw new IOException("storage went away after the step was stored");
    }
}
