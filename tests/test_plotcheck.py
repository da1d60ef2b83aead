"""The chart checks: the kind of chart, its words, its parts and values, and the common traps, in plain words."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from curriculum.checks import NotQuiteRight  # noqa: E402
from curriculum.plotcheck import chart_kind, check_chart, describe_chart  # noqa: E402

JOBS = ["Cook", "Cleaner", "Driver"]
PAY = [11.5, 11.0, 13.25]


@pytest.fixture(autouse=True)
def _no_figures():
    plt.close("all")
    yield
    plt.close("all")


def good_bars():
    fig, ax = plt.subplots()
    ax.bar(JOBS, PAY)
    ax.set_title("Pay by job")
    ax.set_xlabel("Job")
    ax.set_ylabel("Pay an hour")
    return ax


def fails(draw: object, kind: str = "bar", **options: object) -> str:
    with pytest.raises(NotQuiteRight) as error:
        check_chart("draw", kind, namespace={"draw": draw}, **options)
    return "\n".join(error.value._render_traceback_())


def passes(draw: object, kind: str = "bar", **options: object) -> str:
    check_chart("draw", kind, namespace={"draw": draw}, **options)
    return ""


# --- reading a chart ----------------------------------------------------------------------------

def test_kinds_are_read_from_the_axes():
    fig, ax = plt.subplots()
    assert chart_kind(ax) is None and describe_chart(ax) == "an empty chart"
    ax.bar(JOBS, PAY)
    assert chart_kind(ax) == "bar" and describe_chart(ax) == "a bar chart with 3 bars"
    fig, ax = plt.subplots()
    ax.hist([1, 2, 2, 3, 3, 3], bins=3)
    assert chart_kind(ax) == "hist" and describe_chart(ax) == "a histogram with 3 bars"
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    assert describe_chart(ax) == "a line chart with 1 line"
    fig, ax = plt.subplots()
    ax.scatter([1, 2, 3], [3, 4, 5])
    assert describe_chart(ax) == "a scatter chart with 3 points"


def test_a_good_bar_chart_passes_with_one_tick(capsys):
    check_chart("draw", "bar", count=3, labels=JOBS, values=PAY, title="pay", xlabel="job", ylabel=True,
                namespace={"draw": good_bars}, hint="Draw the pay.")
    assert capsys.readouterr().out == "✓ draw() drew a bar chart with 3 bars, titled 'Pay by job'\n"
    assert plt.get_fignums() == []


def test_a_pandas_chart_passes_and_the_arguments_are_described(capsys):
    table = pd.DataFrame({"job": JOBS, "pay": PAY})

    def draw(data):
        fig, ax = plt.subplots()
        data.plot.bar(x="job", y="pay", ax=ax, title="Pay", ylabel="Pounds")
        return ax

    check_chart("draw", "bar", args=[table], labels=JOBS, values=PAY, namespace={"draw": draw}, hint="h")
    assert capsys.readouterr().out == ("✓ draw(a table with 3 rows and 2 columns) drew a bar chart with 3 bars, "
                                       "titled 'Pay'\n")


def test_sideways_bars_give_their_lengths_and_the_labels_beside_them():
    def draw():
        fig, ax = plt.subplots()
        ax.barh(JOBS, PAY)
        ax.set(title="Pay", xlabel="Pay", ylabel="Job")
        return ax

    passes(draw, labels=JOBS, values=PAY, hint="h")


def test_a_histogram_a_line_and_a_scatter_chart_pass():
    def hist():
        fig, ax = plt.subplots()
        pd.Series([1, 2, 2, 3, 3, 3]).plot.hist(bins=3, ax=ax, title="Shifts", xlabel="Hours")
        return ax

    def line():
        fig, ax = plt.subplots()
        ax.plot([2020, 2021, 2022], [3.5, 8.1, 5.3])
        ax.set(title="Rate", xlabel="Year", ylabel="Rate")
        return ax

    def scatter():
        fig, ax = plt.subplots()
        ax.scatter([1, 2, 3], [10, 20, 30])
        ax.set(title="Pay", xlabel="Hours", ylabel="Pay")
        return ax

    passes(hist, "hist", count=3, values=[1, 2, 3], hint="h")
    passes(line, "line", count=1, x=[2020, 2021, 2022], values=[3.5, 8.1, 5.3], hint="h")
    passes(scatter, "scatter", count=3, x=[1, 2, 3], values=[10, 20, 30], hint="h")


def test_axes_kept_by_a_cell_are_read_as_they_are(capsys):
    ax = good_bars()
    check_chart("ax", count=3, namespace={"ax": ax}, hint="h")
    assert capsys.readouterr().out == "✓ looking at `ax` drew a bar chart with 3 bars, titled 'Pay by job'\n"
    with pytest.raises(NotQuiteRight) as error:
        check_chart("ax", "line", namespace={"ax": ax}, hint="h")
    assert "We tried:  looking at `ax`" in str(error.value)


def test_stray_figures_are_closed_before_the_call():
    old = pd.Series(PAY, index=JOBS).plot.bar()
    assert len(old.patches) == 3

    def draw():
        ax = pd.Series(PAY, index=JOBS).plot.bar(title="Pay", xlabel="Job", ylabel="Pay")
        return ax

    passes(draw, count=3, hint="h")


def test_an_unknown_kind_is_the_authors_mistake():
    with pytest.raises(ValueError, match="kind must be one of bar, hist, line, scatter, not 'pie'"):
        check_chart("draw", "pie", namespace={"draw": good_bars})


# --- what the function gives back ----------------------------------------------------------------

def test_nothing_given_back():
    def draw():
        fig, ax = plt.subplots()
        ax.bar(JOBS, PAY)

    said = fails(draw, hint="h")
    assert "We tried:  draw()" in said
    assert "It gave:   None, which is nothing (None)" in said
    assert "We wanted: the axes of a chart (a matplotlib Axes)" in said
    assert "It gave back nothing. End the function with `return ax`." in said


def test_the_figure_given_back():
    def draw():
        fig, ax = plt.subplots()
        ax.bar(JOBS, PAY)
        return fig

    said = fails(draw, hint="h")
    assert "which is a Figure" in said
    assert "It gave back the whole figure, not its axes. End the function with `return ax`." in said


def test_the_lines_or_bars_given_back():
    def lines():
        fig, ax = plt.subplots()
        return ax.plot([1, 2], [3, 4])

    def bars():
        fig, ax = plt.subplots()
        return ax.bar(JOBS, PAY)

    assert "It gave back the lines that ax.plot drew. End the function with `return ax` instead." in fails(lines)
    assert "It gave back the bars that ax.bar drew. End the function with `return ax` instead." in fails(bars)


def test_something_else_given_back_gets_the_hint_then_a_default():
    assert "It gave:   3, which is a whole number (an int)" in fails(lambda: 3, hint="Give back ax.")
    assert "Give back ax." in fails(lambda: 3, hint="Give back ax.")
    assert ("Make the axes with `fig, ax = plt.subplots()`. Draw on ax. Then `return ax`."
            in fails(lambda: "chart"))
    assert "Keep the axes." in fails(lambda: 3, mistakes={int: "Keep the axes."})


def test_an_error_in_the_function_is_explained():
    def draw():
        fig, ax = plt.subplots()
        ax.bar(JOBS, [1, 2])
        return ax

    said = fails(draw, hint="h")
    assert "It stopped with an error: ValueError" in said
    assert "It means:" in said


def test_a_blank_answer_says_it_is_not_written():
    def draw():
        print("Not written yet: write your answer in place of this line.")

    assert "You have not written this part yet." in fails(draw, hint="h")


# --- the kind of chart ----------------------------------------------------------------------------

def test_an_empty_chart():
    def draw():
        fig, ax = plt.subplots()
        ax.set_title("Pay")
        return ax

    said = fails(draw)
    assert "It gave:   an empty chart" in said and "We wanted: a bar chart" in said
    assert ("Nothing is drawn on these axes. Draw bars with ax.bar(names, numbers). "
            "Or add .plot.bar(ax=ax) to a column.") in said
    assert "Draw something." in fails(draw, mistakes={"empty": "Draw something."})


def test_a_chart_drawn_on_other_axes():
    table = pd.DataFrame({"job": JOBS, "pay": PAY})

    def draw():
        fig, ax = plt.subplots()
        table.plot.bar(x="job", y="pay")
        return ax

    assert ("The chart was drawn on other axes, not on the ax you gave back. Add ax=ax inside .plot( ), "
            "or draw with ax.bar, ax.plot or ax.scatter.") in fails(draw)


def test_the_wrong_kind_of_chart():
    def draw():
        fig, ax = plt.subplots()
        ax.plot(JOBS, PAY)
        return ax

    said = fails(draw, hint="h")
    assert "It gave:   a line chart" in said and "We wanted: a bar chart" in said
    assert "This is a line chart. Draw bars with ax.bar(names, numbers). Or add .plot.bar(ax=ax) to a column." in said
    assert "Use bars to compare jobs." in fails(draw, mistakes={"line": "Use bars to compare jobs."})
    assert "This is a bar chart. Draw a histogram with ax.hist(numbers)." in fails(good_bars, "hist")
    assert "This is a histogram. Draw a line with ax.plot(x, y)." in fails(
        lambda: plt.subplots()[1].hist([1, 2, 3]) and plt.gca(), "line")
    assert "Draw points with ax.scatter(x, y). Or use .plot.scatter(x=..., y=..., ax=ax) on a table." in fails(
        good_bars, "scatter")


# --- title and labels ------------------------------------------------------------------------------

def unnamed(**words: str):
    def draw():
        fig, ax = plt.subplots()
        ax.bar(JOBS, PAY)
        ax.set(**words)
        return ax
    return draw


def test_no_title():
    said = fails(unnamed(xlabel="Job", ylabel="Pay"), hint="h")
    assert "It gave:   no title" in said and "We wanted: a title" in said
    assert "The chart has no words on top of it. Add them with ax.set_title(...)." in said


def test_no_axis_labels():
    said = fails(unnamed(title="Pay", ylabel="Pay"), hint="h")
    assert "It gave:   no label under the x axis" in said
    assert "The chart has no words under it. Add them with ax.set_xlabel(...)." in said
    said = fails(unnamed(title="Pay", xlabel="Job"), hint="h")
    assert "We wanted: a label beside the y axis" in said
    assert "The chart has no words beside it. Add them with ax.set_ylabel(...)." in said
    passes(unnamed(title="Pay"), xlabel=False, ylabel=False, hint="h")


def test_a_title_put_on_other_axes_with_plt_title():
    def draw():
        fig, ax = plt.subplots()
        ax.bar(JOBS, PAY)
        ax.set(xlabel="Job", ylabel="Pay")
        plt.figure()
        plt.title("Pay by job")
        return ax

    assert "It is on other axes, not on the ax you gave back. Use ax.set_title(...) on your ax." in fails(draw)


def test_the_wrong_words_in_a_title():
    said = fails(unnamed(title="Jobs", xlabel="Job", ylabel="Pay"), title="pay")
    assert "It gave:   the title 'Jobs'" in said
    assert "We wanted: a title with the words 'pay'" in said
    assert "Put the words 'pay' in it, with ax.set_title(...)." in said
    assert "Put the words 'pay' in it" in fails(unnamed(title="Jobs", xlabel="Job", ylabel="Pay"), title="pay",
                                                hint="Say what the chart shows.")


# --- parts, labels and values ----------------------------------------------------------------------

def test_the_wrong_count():
    said = fails(good_bars, count=4, hint="Draw one bar for each job.")
    assert "It gave:   3 bars" in said and "We wanted: 4 bars" in said
    assert "Draw one bar for each job." in said
    assert "You left one job out." in fails(good_bars, count=4, mistakes={3: "You left one job out."})


def test_a_chart_drawn_twice_on_the_same_axes():
    def draw():
        ax = good_bars()
        ax.bar(JOBS, PAY)
        return ax

    assert ("That is 2 times as many bars as we wanted. It looks like the chart was drawn on top of an old one. "
            "Start with fig, ax = plt.subplots(), and draw with ax=ax.") in fails(draw, count=3)


def test_a_pandas_chart_of_every_column():
    table = pd.DataFrame({"job": JOBS, "pay": PAY, "hours": [40, 38, 45]})

    def bars():
        fig, ax = plt.subplots()
        table.plot.bar(x="job", ax=ax, title="Pay", ylabel="Pay")
        return ax

    def lines():
        fig, ax = plt.subplots()
        table.plot(x="job", ax=ax, title="Pay", ylabel="Pay")
        return ax

    said = fails(bars, count=3, hint="h")
    assert "It gave:   6 bars" in said
    assert ("The chart has bars for each of these columns: pay, hours. "
            "Draw only the column you need, with y=... inside .plot( ).") in said
    assert "The chart has lines for each of these columns: pay, hours." in fails(lines, "line", count=1, hint="h")


def test_labels_in_another_order_or_numbers_in_place_of_names():
    said = fails(good_bars, labels=["Driver", "Cook", "Cleaner"], hint="h")
    assert "It gave:   the labels Cook, Cleaner, Driver" in said
    assert "We wanted: the labels Driver, Cook, Cleaner" in said
    assert "The right bars are there, but in another order. Check how you sorted the table." in said

    def numbered():
        fig, ax = plt.subplots()
        ax.bar([0, 1, 2], PAY)
        ax.set(title="Pay", xlabel="Job", ylabel="Pay")
        return ax

    assert "The chart has numbers along its axis, not names. Give the names as the x values." in fails(
        numbered, labels=JOBS)
    assert "Use the job names." in fails(good_bars, labels=["Cook", "Chef", "Driver"], hint="Use the job names.")
    assert "Spell Chef." in fails(good_bars, labels=["Cook", "Chef", "Driver"],
                                  mistakes={("Cook", "Cleaner", "Driver"): "Spell Chef."})


def test_the_wrong_values():
    said = fails(good_bars, values=[11.5, 11.0, 14.0], hint="Use the pay column.")
    assert "It gave:   11.5, 11, 13.25 (value 3 is 13.25)" in said
    assert "We wanted: 11.5, 11, 14 (value 3 is 14)" in said
    assert "Use the pay column." in said
    passes(good_bars, values=[11.5, 11.0, 13.3], tolerance=0.01, hint="h")
    assert "It looks like you used the hours." in fails(good_bars, values=[1, 2, 3], mistakes={
        (11.5, 11.0, 13.2501): "It looks like you used the hours."})
    assert "It gave:   3 values" in fails(good_bars, values=[1, 2], hint="h")


def test_many_values_are_summed_up_not_listed():
    def draw():
        fig, ax = plt.subplots()
        ax.plot(range(20), [float(n) for n in range(20)])
        ax.set(title="Rate", xlabel="Month", ylabel="Rate")
        return ax

    said = fails(draw, "line", values=[float(n) for n in range(19)] + [25.0], hint="h")
    assert "It gave:   20 values from 0 to 19 (value 20 is 19)" in said
    assert "We wanted: 20 values from 0 to 25 (value 20 is 25)" in said


def test_labels_along_a_line_chart():
    def draw():
        fig, ax = plt.subplots()
        ax.plot(["Jan", "Feb", "Mar"], [4.0, 4.7, 4.5])
        ax.set(title="Rate", xlabel="Month", ylabel="Rate")
        return ax

    passes(draw, "line", labels=["Jan", "Feb", "Mar"], values=[4.0, 4.7, 4.5], hint="h")
    assert "We wanted: the labels Jan, Feb, Apr" in fails(draw, "line", labels=["Jan", "Feb", "Apr"], hint="h")


def test_x_is_checked_before_the_values():
    def swapped():
        fig, ax = plt.subplots()
        ax.plot([4, 5, 6], [1, 2, 3])
        ax.set(title="Rate", xlabel="Month", ylabel="Rate")
        return ax

    assert "x and y swapped places." in fails(swapped, "line", x=[1, 2, 3], values=[4, 5, 6],
                                              mistakes={(4, 5, 6): "x and y swapped places."})


def test_the_wrong_x_values():
    def draw():
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3], [4, 5, 6])
        ax.set(title="Rate", xlabel="Month", ylabel="Rate")
        return ax

    said = fails(draw, "line", x=[1, 2, 4], hint="Use the month column for x.")
    assert "It gave:   the x values 1, 2, 3" in said and "We wanted: the x values 1, 2, 4" in said
    assert "Use the month column for x." in said


def test_dates_kept_as_numbers_by_a_pandas_date_plot():
    months = pd.DataFrame({"date": pd.date_range("2020-01-01", periods=4, freq="MS"), "rate": [3.5, 3.6, 4.4, 14.8]})

    def pandas_dates():
        fig, ax = plt.subplots()
        months.plot(x="date", y="rate", ax=ax, title="Rate", xlabel="Month", ylabel="Rate")
        return ax

    def matplotlib_dates():
        fig, ax = plt.subplots()
        ax.plot(months["date"], months["rate"])
        ax.set(title="Rate", xlabel="Month", ylabel="Rate")
        return ax

    said = fails(pandas_dates, "line", x=list(months["date"]), hint="h")
    assert "It gave:   numbers (600, 601, 602, 603)" in said and "We wanted: dates" in said
    assert ("The dates were kept as plain numbers. A pandas date plot does this. "
            'Draw with ax.plot(table["date"], table["rate"]) instead.') in said
    assert "Use ax.plot." in fails(pandas_dates, "line", x=list(months["date"]), mistakes={"numbers": "Use ax.plot."})
    passes(matplotlib_dates, "line", x=list(months["date"]), values=list(months["rate"]), hint="h")
    later = list(months["date"] + pd.Timedelta(days=31))
    assert "We wanted: the x values" in fails(matplotlib_dates, "line", x=later, hint="h")
