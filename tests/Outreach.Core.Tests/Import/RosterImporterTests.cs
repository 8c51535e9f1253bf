using System.Text;
using Outreach.Calendar;
using Outreach.Import;
using Outreach.Roster;

namespace Outreach.Core.Tests.Import;

public class RosterImporterTests
{
    [Fact]
    public void Grids_are_read_with_optional_columns()
    {
        var result = RosterImporter.ReadGrids(Csv.Of(
            "id,name,area,district,supervisor",
            "g-01,中国药谷第一网格,中国药谷,潍坊滨海,v-01",
            "g-02,仙山一网格,仙山社区,,"));

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(
            [new Grid("g-01", "中国药谷第一网格", "中国药谷", "潍坊滨海", "v-01"), new Grid("g-02", "仙山一网格", "仙山社区")],
            result.Rows);
    }

    [Fact]
    public void Visitors_are_read_with_phone_normalised_grids_split_and_leave_parsed()
    {
        var result = RosterImporter.ReadVisitors(Csv.Of(
            "id,name,phone,role,grids,weekly_capacity,leave,supervisor",
            "v-01,王建国,138 0013 8000,party-affairs, g-01 ;g-02;;g-01,12,2026-12-28..2027-01-03;2027-01-20..2027-01-20,v-09",
            "v-02,李红,13900139000,grid-member,g-02,,,"), Csv.Grids, new HashSet<string> { "v-09" });

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Rows.Count);
        var first = result.Rows[0];
        Assert.Equal("+8613800138000", first.Phone);
        Assert.Equal(["g-01", "g-02"], first.Grids);
        Assert.Equal(12, first.WeeklyCapacity);
        Assert.Equal(
            [new DateRange(new(2026, 12, 28), new(2027, 1, 3)), new DateRange(new(2027, 1, 20), new(2027, 1, 20))],
            first.Leave);
        Assert.Equal("v-09", first.Supervisor);
        Assert.Equal(Visitor.DefaultWeeklyCapacity, result.Rows[1].WeeklyCapacity);
        Assert.Empty(result.Rows[1].Leave);
        Assert.Null(result.Rows[1].Supervisor);
    }

    [Fact]
    public void Enterprises_are_read_as_enterprise_targets()
    {
        var result = RosterImporter.ReadEnterprises(Csv.Of(
            "id,name,grid,tags,contact_name,contact_phone",
            "e-001,潍坊海化精细化工有限公司,g-01,chain:精细化工; key ;chain:精细化工;,张伟,010-65529988",
            "e-002,潍坊某某生物科技有限公司,g-02,,,"), Csv.Grids);

        Assert.Empty(result.Errors);
        var first = result.Rows[0];
        Assert.Equal(
            new Target("e-001", TargetKind.Enterprise, "潍坊海化精细化工有限公司", "g-01", first.Tags, null, "张伟", "+861065529988"),
            first);
        Assert.Equal(["chain:精细化工", "key"], first.Tags);
        Assert.Empty(result.Rows[1].Tags);
        Assert.Null(result.Rows[1].Phone);
    }

    [Fact]
    public void Households_use_the_address_as_name()
    {
        var result = RosterImporter.ReadHouseholds(Csv.Of(
            "id,address,grid,tags,head_name,phone,building",
            "h-0001,仙山社区3号楼2单元501,g-02,elderly-alone;veteran,刘桂兰,13700137000,3号楼"), Csv.Grids);

        Assert.Empty(result.Errors);
        var household = Assert.Single(result.Rows);
        Assert.Equal(TargetKind.Household, household.Kind);
        Assert.Equal("仙山社区3号楼2单元501", household.Name);
        Assert.Equal("仙山社区3号楼2单元501", household.Address);
        Assert.Equal("刘桂兰", household.Contact);
        Assert.Equal("+8613700137000", household.Phone);
        Assert.Equal("3号楼", household.Building);
        Assert.Equal(["elderly-alone", "veteran"], household.Tags);
    }

    [Fact]
    public void Policies_are_read_with_patterns_and_roles()
    {
        var result = RosterImporter.ReadPolicies(Csv.Of(
            "id,kind,tags,interval_days,visitors_per_visit,roles",
            "enterprise,enterprise,,30,1,",
            "enterprise-chain,Enterprise,chain:*,14,1,party-affairs;chain-committee",
            "enterprise-1b,enterprise,tier:1b,14,2,"));

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Rows.Count);
        Assert.Empty(result.Rows[0].Tags);
        Assert.Empty(result.Rows[0].Roles);
        Assert.Equal(["chain:*"], result.Rows[1].Tags);
        Assert.Equal(["party-affairs", "chain-committee"], result.Rows[1].Roles);
        Assert.Equal(TargetKind.Enterprise, result.Rows[1].Kind);
        Assert.Equal(2, result.Rows[2].VisitorsPerVisit);
        Assert.True(result.Rows[1].Matches(new Target("e", TargetKind.Enterprise, "n", "g-01", ["chain:新能源"])));
    }

    [Fact]
    public void Calendar_entries_are_read()
    {
        var result = RosterImporter.ReadCalendar(Csv.Of(
            "date,kind,name",
            "2027-01-01,holiday,元旦",
            "2027-01-09,Workday,"));

        Assert.Empty(result.Errors);
        Assert.Equal(
            [new CalendarEntry(new(2027, 1, 1), DayKind.Holiday, "元旦"), new CalendarEntry(new(2027, 1, 9), DayKind.Workday)],
            result.Rows);
    }

    [Fact]
    public void Missing_required_column_is_one_error_on_line_1_naming_it()
    {
        var result = RosterImporter.ReadVisitors(Csv.Of(
            "id,name,role,grids",
            "v-01,王建国,party-affairs,g-01"), Csv.Grids);

        var issue = Csv.Single(result, 1, "phone", "id,name,phone,role,grids");
        Assert.Contains("no 'phone' column", issue.Message, StringComparison.Ordinal);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Header_names_are_case_insensitive_and_trimmed_and_a_BOM_is_ignored()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(" ID , Name ,AREA\r\ng-01,网格一,中国药谷\r\n")).ToArray();
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: false);

        var result = RosterImporter.ReadGrids(reader);

        Assert.Empty(result.Errors);
        Assert.Equal("g-01", Assert.Single(result.Rows).Id);
    }

    [Fact]
    public void A_BOM_left_in_the_text_is_ignored()
    {
        var result = RosterImporter.ReadGrids(new StringReader("\uFEFFid,name,area\ng-01,网格一,中国药谷\n"));

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Single(result.Rows);
    }

    [Fact]
    public void Unknown_column_is_a_warning_and_the_rows_still_import()
    {
        var result = RosterImporter.ReadGrids(Csv.Of(
            "id,name,area,remark",
            "g-01,网格一,中国药谷,新建"));

        Assert.Empty(result.Errors);
        Assert.Single(result.Rows);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(1, warning.Line);
        Assert.Equal("remark", warning.Column);
        Assert.Contains("check the spelling", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_id_names_the_rule()
    {
        var result = RosterImporter.ReadGrids(Csv.Of(
            "id,name,area",
            "g-01,网格一,中国药谷",
            "网格 2,网格二,中国药谷"));

        Csv.Single(result, 3, "id", Ids.Rule);
    }

    [Fact]
    public void Duplicate_id_names_the_line_it_first_appeared_on()
    {
        var result = RosterImporter.ReadGrids(Csv.Of(
            "id,name,area",
            "g-01,网格一,中国药谷",
            "g-02,网格二,中国药谷",
            "g-01,网格三,中国药谷"));

        var issue = Csv.Single(result, 4, "id", "give each grid its own id");
        Assert.Contains("line 2", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_required_field_is_an_error()
    {
        var result = RosterImporter.ReadGrids(Csv.Of(
            "id,name,area",
            "g-01,,中国药谷"));

        Csv.Single(result, 2, "name", "write the grid's name");
    }

    [Fact]
    public void Unknown_grid_is_an_error_for_visitors_enterprises_and_households()
    {
        var visitors = RosterImporter.ReadVisitors(Csv.Of(
            "id,name,phone,role,grids",
            "v-01,王建国,13800138000,party-affairs,g-01;g-99"), Csv.Grids);
        var enterprises = RosterImporter.ReadEnterprises(Csv.Of(
            "id,name,grid",
            "e-01,潍坊某某化工有限公司,g-98"), Csv.Grids);
        var households = RosterImporter.ReadHouseholds(Csv.Of(
            "id,address,grid",
            "h-01,仙山社区3号楼2单元501,g-97"), Csv.Grids);

        Assert.Contains("'g-99'", Csv.Single(visitors, 2, "grids", "import grids.csv").Message, StringComparison.Ordinal);
        Assert.Contains("'g-98'", Csv.Single(enterprises, 2, "grid", "import grids.csv").Message, StringComparison.Ordinal);
        Assert.Contains("'g-97'", Csv.Single(households, 2, "grid", "import grids.csv").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Visitor_phone_must_be_a_valid_mobile_number()
    {
        var result = RosterImporter.ReadVisitors(Csv.Of(
            "id,name,phone,role,grids",
            "v-01,王建国,1380000,party-affairs,g-01",
            "v-02,李红,010-65529988,party-affairs,g-01",
            "v-03,赵强,,party-affairs,g-01"), Csv.Grids);

        Assert.Equal(3, result.Errors.Count);
        var invalid = Csv.Single(result, 2, "phone", "write it in E.164 form, e.g. +8613800138000");
        Assert.Contains("'1380000' is not a valid mobile number", invalid.Message, StringComparison.Ordinal);
        Csv.Single(result, 3, "phone", "write the visitor's mobile number");
        Csv.Single(result, 4, "phone", "+8613800138000");
    }

    [Fact]
    public void Departments_import_with_the_duty_officers_mobile_in_E164()
    {
        var result = RosterImporter.ReadDepartments(Csv.Of(
            "id,name,phone,contact_name",
            "urban-management,城管科,139 5362 1408,刘建国",
            "emergency,应急管理局,+8618765330917,"));

        Assert.Empty(result.Errors);
        Assert.Equal(
            [new Department("urban-management", "城管科", "+8613953621408", "刘建国"), new Department("emergency", "应急管理局", "+8618765330917")],
            result.Rows);
    }

    [Fact]
    public void A_departments_file_with_bad_rows_imports_nothing_and_names_every_row()
    {
        var result = RosterImporter.ReadDepartments(Csv.Of(
            "id,name,phone",
            "urban management,城管科,+8613953621408",
            "market,,+8615863671295",
            "emergency,应急管理局,010-65529988",
            "market,市场监管所,+8615863671295"));

        Assert.Equal(4, result.Errors.Count);
        Csv.Single(result, 2, "id", "not a valid id");
        Csv.Single(result, 3, "name", "write the department's name");
        Csv.Single(result, 4, "phone", "write the duty officer's mobile number");
        Csv.Single(result, 5, "id", "already used by the department on line 3");
    }

    [Fact]
    public void Contact_phones_are_optional_but_validated()
    {
        var enterprises = RosterImporter.ReadEnterprises(Csv.Of(
            "id,name,grid,contact_phone",
            "e-01,潍坊某某化工有限公司,g-01,12345"), Csv.Grids);
        var households = RosterImporter.ReadHouseholds(Csv.Of(
            "id,address,grid,phone",
            "h-01,仙山社区3号楼2单元501,g-01,abc"), Csv.Grids);

        Csv.Single(enterprises, 2, "contact_phone", "E.164");
        Csv.Single(households, 2, "phone", "E.164");
    }

    [Theory]
    [InlineData("2027-01-05..2027-01-01", "write the first day, then the last")]
    [InlineData("2027-02-30..2027-03-01", "YYYY-MM-DD..YYYY-MM-DD")]
    [InlineData("next week", "YYYY-MM-DD..YYYY-MM-DD")]
    public void Bad_leave_ranges_are_errors(string leave, string fix)
    {
        var result = RosterImporter.ReadVisitors(Csv.Of(
            "id,name,phone,role,grids,leave",
            $"v-01,王建国,13800138000,party-affairs,g-01,{leave}"), Csv.Grids);

        Csv.Single(result, 2, "leave", fix);
    }

    [Theory]
    [InlineData("-1", "out of range")]
    [InlineData("2.5", "not a whole number")]
    [InlineData("ten", "not a whole number")]
    public void Weekly_capacity_must_be_a_non_negative_whole_number(string capacity, string what)
    {
        var result = RosterImporter.ReadVisitors(Csv.Of(
            "id,name,phone,role,grids,weekly_capacity",
            $"v-01,王建国,13800138000,party-affairs,g-01,{capacity}"), Csv.Grids);

        var issue = Csv.Single(result, 2, "weekly_capacity", "from 0 (none)");
        Assert.Contains(what, issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_weekly_capacity_is_allowed()
    {
        var result = RosterImporter.ReadVisitors(Csv.Of(
            "id,name,phone,role,grids,weekly_capacity",
            "v-01,王建国,13800138000,party-affairs,g-01,0"), Csv.Grids);

        Assert.Empty(result.Errors);
        Assert.Equal(0, Assert.Single(result.Rows).WeeklyCapacity);
    }

    [Fact]
    public void Policy_errors_name_the_allowed_values()
    {
        var result = RosterImporter.ReadPolicies(Csv.Of(
            "id,kind,tags,interval_days,visitors_per_visit,roles",
            "p-1,company,,30,1,",
            "p-2,enterprise,,0,1,",
            "p-3,enterprise,,30,3,",
            "p-4,enterprise,ch*ain,30,1,",
            "p-5,household,,367,1,"));

        Assert.Equal(5, result.Errors.Count);
        Csv.Single(result, 2, "kind", "write enterprise or household");
        Csv.Single(result, 3, "interval_days", "from 1 to 366");
        Csv.Single(result, 4, "visitors_per_visit", "write 1, or 2");
        Csv.Single(result, 5, "tags", "'*' may only end a pattern");
        Csv.Single(result, 6, "interval_days", "from 1 to 366");
    }

    [Fact]
    public void A_policy_may_ask_for_a_morning_reminder_and_a_bad_answer_names_the_column()
    {
        string[] good = ["id,kind,tags,interval_days,visitors_per_visit,roles,morning_reminder", "a,household,elderly-alone,7,1,,yes", "b,household,,90,1,,", "c,enterprise,key,14,1,,是"];

        var read = RosterImporter.ReadPolicies(Csv.Of(good));
        var bad = RosterImporter.ReadPolicies(Csv.Of([.. good, "d,enterprise,,30,1,,sometimes"]));

        Assert.Empty(read.Errors);
        Assert.Equal([true, false, true], read.Rows.Select(p => p.MorningReminder));
        Csv.Single(bad, 5, "morning_reminder", "write yes (or 是), no (or 否)");
    }

    [Fact]
    public void A_stored_target_keeps_its_kind_and_a_new_grid_is_a_move()
    {
        var stored = new Dictionary<string, Target>
        {
            ["h1"] = new("h1", TargetKind.Household, "仙山社区1号楼101", "g-01", []),
            ["e1"] = new("e1", TargetKind.Enterprise, "仙山食品", "g-01", []),
        };
        var grids = new HashSet<string> { "g-01", "g-02" };

        var clash = RosterImporter.ReadEnterprises(Csv.Of("id,name,grid", "e1,仙山食品,g-02", "h1,仙山建材,g-01"), grids, stored);
        var moved = RosterImporter.ReadEnterprises(Csv.Of("id,name,grid", "e1,仙山食品,g-02"), grids, stored);

        Csv.Single(clash, 3, "id", "enterprises and households share one list of ids");
        var warning = Assert.Single(moved.Warnings);
        Assert.Equal((2, "grid"), (warning.Line, warning.Column));
        Assert.Contains("'e1' moves from grid g-01 to g-02", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Policies_with_the_same_kind_and_tags_are_a_warning()
    {
        var result = RosterImporter.ReadPolicies(Csv.Of(
            "id,kind,tags,interval_days,visitors_per_visit,roles",
            "a,enterprise,key;tier:1b,14,1,",
            "b,enterprise,tier:1b;key,7,1,"));

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(3, warning.Line);
        Assert.Contains("line 2", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_errors_cover_bad_dates_unknown_kinds_and_duplicates()
    {
        var result = RosterImporter.ReadCalendar(Csv.Of(
            "date,kind",
            "2027-01-01,holiday",
            "2027/01/02,holiday",
            "2027-01-03,vacation",
            "2027-01-01,workday"));

        Assert.Equal(3, result.Errors.Count);
        Csv.Single(result, 3, "date", "write it as YYYY-MM-DD");
        Csv.Single(result, 4, "kind", "write holiday (no visits) or workday");
        Assert.Contains("line 2", Csv.Single(result, 5, "date", "delete the repeated row").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_bad_row_imports_nothing_and_every_bad_row_is_listed()
    {
        var result = RosterImporter.ReadEnterprises(Csv.Of(
            "id,name,grid",
            "e-01,潍坊某某化工有限公司,g-01",
            "e-02,,g-01",
            "e-03,潍坊某某新材料有限公司,g-01",
            "e 04,潍坊某某海洋装备有限公司,g-404"), Csv.Grids);

        Assert.Empty(result.Rows);
        Assert.False(result.Succeeded);
        Assert.Equal([3, 5, 5], result.Errors.Select(e => e.Line));
        Assert.Equal(["name", "id", "grid"], result.Errors.Select(e => e.Column));
    }

    [Fact]
    public void Line_numbers_are_physical_lines_across_blank_lines_and_quoted_line_breaks()
    {
        var result = RosterImporter.ReadGrids(new StringReader(
            "id,name,area\r\n" +
            "g-01,\"网格\r\n一\",中国药谷\r\n" +
            "\r\n" +
            "g-02,,中国药谷\r\n" +
            ",,\r\n" +
            "g-03,\"说\"\"明\"\",网格\",\n" +
            "g-04,坏\"引号,中国药谷\n"));

        Assert.Equal(
            [(5, "name"), (7, "area"), (8, null)],
            result.Errors.Select(e => (e.Line, e.Column)));
    }

    [Fact]
    public void A_row_with_more_values_than_columns_is_an_error()
    {
        var result = RosterImporter.ReadGrids(Csv.Of(
            "id,name,area",
            "g-01,网格一,中国药谷,潍坊,多余"));

        Csv.Single(result, 2, null, "wrap values that contain commas in double quotes");
    }

    [Fact]
    public void An_empty_file_asks_for_the_header()
    {
        var result = RosterImporter.ReadCalendar(new StringReader(""));

        Csv.Single(result, 1, null, "date,kind");
    }

    [Fact]
    public void Chinese_text_round_trips_through_a_UTF8_stream()
    {
        const string name = "潍坊滨海·国家级新材料产业基地（北区）第三网格";
        var bytes = Encoding.UTF8.GetBytes($"id,name,area,district\ng-01,\"{name}\",国家级新材料产业基地,潍坊滨海\n");
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);

        var grid = Assert.Single(RosterImporter.ReadGrids(reader).Rows);

        Assert.Equal(name, grid.Name);
        Assert.Equal("国家级新材料产业基地", grid.Area);
        Assert.Equal("潍坊滨海", grid.District);
    }

    [Fact]
    public void A_column_named_twice_in_the_header_is_an_error()
    {
        var result = RosterImporter.ReadGrids(Csv.Of(
            "id,name,area,Name",
            "g-01,网格一,中国药谷,网格一"));

        Csv.Single(result, 1, "Name", "keep one of them");
    }

    [Fact]
    public void An_unclosed_quote_is_reported_on_the_line_it_opens()
    {
        var result = RosterImporter.ReadGrids(Csv.Of(
            "id,name,area",
            "g-01,网格一,中国药谷",
            "g-02,\"网格二,中国药谷",
            "g-03,网格三,中国药谷"));

        Csv.Single(result, 3, null, "add the missing closing quote");
    }

    [Fact]
    public void Import_kinds_round_trip_their_wire_names()
    {
        foreach (var kind in Enum.GetValues<ImportKind>())
        {
            Assert.True(ImportKinds.TryParse(kind.ToWire().ToUpperInvariant(), out var parsed));
            Assert.Equal(kind, parsed);
            Assert.NotEmpty(kind.RequiredColumns());
        }
        Assert.False(ImportKinds.TryParse("people", out _));
    }
}
