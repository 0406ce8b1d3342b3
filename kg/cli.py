"""The `kg` command: a thin click layer over kg.pipeline. No logic lives here."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg import __version__
from kg.cli_common import PROJECT, report_error
from kg.errors import ExitCode, KgError, display_path

EXIT_CODES = """\b
Exit codes:
  0  ok
  1  findings: the graph breaks a SHACL shape, or coverage is under --fail-under
  2  usage error, or unreadable / invalid input (nothing is written)"""



class KgGroup(click.Group):
    """Turns KgError into its message and exit code: no traceback for a user's mistake."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            report_error(ctx, exc)


@click.group(cls=KgGroup, epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """kg: a literature and citation knowledge graph for qualitative research.

    PROJECT is a folder with bib/ (BibTeX) and study/ (YAML annotations); without it,
    commands use the bundled study (Yessirkep et al. 2025, soft power in Kazakhstan).
    """


def _warn(problems) -> None:
    for p in sorted(problems, key=lambda p: p.location):
        click.echo(str(p), err=True)


def _summary(built, store, seconds: float) -> str:
    from kg.graph.store import class_counts
    from kg.render import table

    counts = class_counts(store)
    text = table(["class", "count"], counts)
    return (f"{text}\n{built.study.info.id}: {len(store)} triples, {len(built.study.works)} works, "
            f"SHACL conforms ({seconds:.2f} s)")


@cli.command()
@PROJECT
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the graph [default: build/STUDY-ID.ttl, suffix by format].")
@click.option("-f", "--format", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "nt", "nq", "trig", "xml", "jsonld"]), help="RDF format of the output.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also load the graph into an on-disk store in DIR (its named graph replaced in one step), "
                   "for later commands' --store DIR.")
@click.option("--keep-going", is_flag=True,
              help="Skip bad BibTeX entries (each is listed) and build the rest. The annotations must still be valid.")
def build(project: Path | None, output: Path | None, fmt: str, store_dir: Path | None, keep_going: bool) -> None:
    """Build the study's graph: load, check references, build RDF, validate (SHACL), write.

    The output is written atomically (a temporary file, then renamed), and only when every
    check passes. The graph is also cached for later commands (see the README).
    """
    from kg import pipeline
    from kg.export import write_outputs
    from kg.graph.store import FORMATS

    start = time.perf_counter()
    built = pipeline.build(project, keep_going=keep_going)
    _warn(built.warnings)
    skipped = sum(p.severity == "skipped" for p in built.warnings)
    if skipped:
        click.echo(f"--keep-going: left out the BibTeX entries of the {skipped} problem{'s' if skipped != 1 else ''} "
                   f"above; built the other {len(built.study.works):,} works", err=True)
    target = output or Path("build") / f"{built.study.info.id}{FORMATS[fmt][1]}"
    store = built.store()
    write_outputs(built, store, target, fmt, store_dir)
    _warn(filter(None, [pipeline.save_cache(built)]))
    click.echo(_summary(built, store, time.perf_counter() - start))
    click.echo(f"wrote {display_path(target)}" + (f" and the store {display_path(store_dir)}" if store_dir else ""))


@cli.command()
@PROJECT
def check(project: Path | None) -> None:
    """Check a study without writing anything: references, verbatim quotes, SHACL shapes."""
    from kg import pipeline

    start = time.perf_counter()
    built = pipeline.build(project)
    _warn(built.warnings)
    click.echo(_summary(built, built.store(), time.perf_counter() - start))


@cli.command()
def schema() -> None:
    """Print the annotation field list (Markdown), generated from kg's model."""
    from kg.schema_doc import markdown

    click.echo(markdown(), nl=False)


def _register() -> None:
    from kg.cli_ask import coverage, network, query, sparql
    from kg.cli_serve import push, serve
    from kg.cli_viz import viz

    for command in (query, sparql, coverage, network, viz, push, serve):
        cli.add_command(command)


_register()


def main() -> None:
    sys.exit(cli.main(prog_name="kg", standalone_mode=True) or ExitCode.OK)
