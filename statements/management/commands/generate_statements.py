"""`manage.py generate_statements --count N --seed S`: a synthetic published corpus, in bulk."""

from django.core.management.base import BaseCommand, CommandError

from statements.synthetic import generate


class Command(BaseCommand):
    help = (
        "Add synthetic published statements (Zipf-distributed words, 3,000 speakers with aliases, "
        "300 topics, 200 outlets, 20 years of dates, 1-3 sources each) until COUNT of this seed exist. "
        "For benchmarks and scale tests: never run it on a real archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="Total statements wanted for this seed.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same corpus (default 1).")
        parser.add_argument("--workers", type=int, default=None, help="Generator processes (default: 2).")

    def handle(self, *args, count, seed, workers, **options):
        if count < 0:
            raise CommandError("--count must be 0 or more.")
        generate(count, seed=seed, log=self.stdout.write, workers=workers)
