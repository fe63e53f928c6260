from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.images.models import Image
from wagtail.models import Page, Site

from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.coaches.records import VocabularyCache, create_coach
from cascading_pages.content.models import HomePage, StandardPage
from cascading_pages.demo import programme, vocabularies
from cascading_pages.demo.coaches import demo_coaches
from cascading_pages.demo.images import portrait_file
from cascading_pages.faqs.models import FaqCategory, FaqIndexPage, FaqPage
from cascading_pages.interest.pages import ExpressionOfInterestFormField, ExpressionOfInterestPage
from cascading_pages.programme.models import ProgrammeSettings
from cascading_pages.vocabularies.models import Community, ExpertiseArea, Language, Region, Sector


class Command(BaseCommand):
    help = (
        "Load the programme's demo content: vocabularies, the page tree with the programme text, "
        "every FAQ, two dozen coach profiles with portraits, and the programme inbox. Safe to run "
        "again: anything that already exists is left exactly as it is."
    )

    def handle(self, *args, **options):
        self.created = []
        with transaction.atomic():
            self.load_vocabularies()
            home = self.load_home()
            self.load_programme_settings(Site.objects.get(is_default_site=True))
            self.load_standard_page(home, programme.ABOUT)
            self.load_standard_page(home, programme.COST)
            directory = self.load_child(home, CoachIndexPage, programme.DIRECTORY, show_in_menus=True)
            faq_index = self.load_child(home, FaqIndexPage, programme.FAQ_INDEX, show_in_menus=True)
            self.load_faqs(faq_index)
            privacy = self.load_standard_page(home, programme.PRIVACY)
            self.load_interest_page(home, privacy)
            self.load_coaches(directory)
            self.link_call_to_action(home, directory)
        if self.created:
            for line in self.created:
                self.stdout.write(f"Created {line}")
        else:
            self.stdout.write("Demo content is already loaded; nothing changed.")

    def load_vocabularies(self):
        for model, names in (
            (Region, vocabularies.REGIONS),
            (ExpertiseArea, vocabularies.EXPERTISE),
            (Sector, vocabularies.SECTORS),
            (Community, vocabularies.COMMUNITIES),
            (Language, vocabularies.LANGUAGES),
        ):
            for position, name in enumerate(names, start=1):
                _, created = model.objects.get_or_create(name=name, defaults={"sort_order": position})
                if created:
                    self.created.append(f"{model._meta.verbose_name} {name}")
        for name, position in programme.FAQ_CATEGORIES:
            _, created = FaqCategory.objects.get_or_create(name=name, defaults={"sort_order": position})
            if created:
                self.created.append(f"FAQ category {name}")

    def load_home(self):
        site = Site.objects.filter(is_default_site=True).first()
        home = HomePage.objects.order_by("path").first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's own migrations leave a plain "Welcome to Wagtail" page as the site root;
            # it goes, so that the programme's home page can take its place and its slug.
            for welcome in root.get_children().filter(content_type__model="page", numchild=0):
                welcome.delete()
            root.refresh_from_db()
            home = HomePage(
                title=programme.HOME["title"],
                slug="home",
                introduction=programme.HOME["introduction"],
                body=self.stream(programme.HOME["body"]),
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.created.append("home page")
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Cascading Leadership",
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = site.site_name or "Cascading Leadership"
            site.save()
        return home

    def load_programme_settings(self, site):
        """The site's programme inbox, unless an editor has set one (the migrations leave it empty)."""
        settings = ProgrammeSettings.for_site(site)
        if settings.inbox:
            return
        for name, value in programme.PROGRAMME_SETTINGS.items():
            setattr(settings, name, value)
        settings.full_clean()
        settings.save()
        self.created.append("programme settings")

    def load_child(self, parent, model, content, **extra):
        page = model.objects.child_of(parent).filter(slug=content["slug"]).first()
        if page is not None:
            return page
        fields = {key: value for key, value in content.items() if key != "body"}
        if "body" in content:
            fields["body"] = self.stream(content["body"])
        fields = {**extra, **fields}
        page = model(**fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created.append(f"{model._meta.verbose_name} “{page.title}”")
        return page

    def load_standard_page(self, home, content):
        return self.load_child(home, StandardPage, {"show_in_menus": True, **content})

    def load_interest_page(self, home, privacy):
        """The expression of interest form, with one extra question as an example for editors."""
        if ExpressionOfInterestPage.objects.child_of(home).exists():
            return
        content = dict(programme.INTEREST)
        questions = content.pop("extra_questions")
        page = ExpressionOfInterestPage(privacy_notice=privacy, **content)
        page.form_fields = [ExpressionOfInterestFormField(**question) for question in questions]
        home.add_child(instance=page)
        page.save_revision().publish()
        self.created.append(f"expression of interest form “{page.title}”")

    def load_faqs(self, faq_index):
        categories = {category.name: category for category in FaqCategory.objects.all()}
        for entry in programme.FAQS:
            if FaqPage.objects.child_of(faq_index).filter(title=entry["title"]).exists():
                continue
            page = FaqPage(
                title=entry["title"],
                answer=entry["answer"],
                category=categories[entry["category"]],
                sort_order=entry["sort_order"],
            )
            faq_index.add_child(instance=page)
            page.save_revision().publish()
            self.created.append(f"FAQ “{page.title}”")

    def load_coaches(self, directory):
        cache = VocabularyCache()
        existing = set(CoachPage.objects.values_list("contact_email", flat=True))
        for record in demo_coaches():
            if record["contact_email"] in existing:
                continue
            photo = Image.objects.create(
                title=record["title"],
                file=portrait_file(record["title"]),
                description=f"Illustrated portrait of {record['title']}",
            )
            create_coach(directory, record, cache, photo=photo)
            self.created.append(f"coach {record['title']}")

    def link_call_to_action(self, home, directory):
        """Point the home page's "find your coach" call to action at the directory, once."""
        changed = False
        for block in home.body:
            if block.block_type == "call_to_action" and not block.value.get("link_page"):
                if not block.value.get("link_url"):
                    block.value["link_page"] = directory
                    changed = True
        if changed:
            home.save_revision().publish()

    @staticmethod
    def stream(blocks):
        data = []
        for block_type, value in blocks:
            if block_type == "call_to_action":
                value = {k: v for k, v in value.items() if k != "link_target"}
            data.append((block_type, value))
        return data
