package cascading.es.modules;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.classic.ClassicTokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.util.SetOnce;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestHandler;

import java.io.Reader;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Elastic publishes the server and transport-netty4 to Maven Central but not the other modules of the
 * default distribution. This plugin re-creates, on top of the same Lucene classes, the parts a Wagtail
 * site needs: GET / (rest-root) and the common analysis-common components, with the same names,
 * parameters and defaults. Anything not listed here (synonyms, word_delimiter, most languages...) is absent.
 */
public class TestModulesPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {

    private final SetOnce<ClusterService> clusterService = new SetOnce<>();

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService.set(services.clusterService());
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(Settings settings, org.elasticsearch.common.io.stream.NamedWriteableRegistry registry,
            org.elasticsearch.rest.RestController restController, org.elasticsearch.common.settings.ClusterSettings clusterSettings,
            org.elasticsearch.common.settings.IndexScopedSettings indexScopedSettings, org.elasticsearch.common.settings.SettingsFilter filter,
            org.elasticsearch.cluster.metadata.IndexNameExpressionResolver resolver,
            java.util.function.Supplier<org.elasticsearch.cluster.node.DiscoveryNodes> nodes,
            java.util.function.Predicate<org.elasticsearch.features.NodeFeature> clusterSupportsFeature) {
        return List.of(new RestRootAction(clusterService::get));
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "ngram", (idx, env, name, s) -> ngramTokenizer(idx, name, s, false),
            "edge_ngram", (idx, env, name, s) -> ngramTokenizer(idx, name, s, true),
            "keyword", (idx, env, name, s) -> TokenizerFactory.newFactory(name, () -> new KeywordTokenizer(s.getAsInt("buffer_size", 256))),
            "whitespace", (idx, env, name, s) -> TokenizerFactory.newFactory(name, WhitespaceTokenizer::new),
            "letter", (idx, env, name, s) -> TokenizerFactory.newFactory(name, LetterTokenizer::new),
            "classic", (idx, env, name, s) -> TokenizerFactory.newFactory(name, ClassicTokenizer::new),
            "uax_url_email", (idx, env, name, s) -> TokenizerFactory.newFactory(name, UAX29URLEmailTokenizer::new),
            "pattern", (idx, env, name, s) -> {
                Pattern pattern = Pattern.compile(s.get("pattern", "\\W+"));
                int group = s.getAsInt("group", -1);
                return TokenizerFactory.newFactory(name, () -> new PatternTokenizer(pattern, group));
            }
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.ofEntries(
            Map.entry("asciifolding", (idx, env, name, s) -> {
                boolean preserve = s.getAsBoolean("preserve_original", false);
                return new NormalizingFilter(name, ts -> new ASCIIFoldingFilter(ts, preserve));
            }),
            Map.entry("lowercase", (idx, env, name, s) -> new NormalizingFilter(name, LowerCaseFilter::new)),
            Map.entry("uppercase", (idx, env, name, s) -> new NormalizingFilter(name, UpperCaseFilter::new)),
            Map.entry("ngram", (idx, env, name, s) -> {
                int min = s.getAsInt("min_gram", 1), max = s.getAsInt("max_gram", 2);
                checkNgramDiff(idx, min, max, "NGram Tokenizer");
                boolean preserve = s.getAsBoolean("preserve_original", false);
                return new Filter(name, ts -> new NGramTokenFilter(ts, min, max, preserve));
            }),
            Map.entry("edge_ngram", (idx, env, name, s) -> {
                int min = s.getAsInt("min_gram", 1), max = s.getAsInt("max_gram", 2);
                boolean preserve = s.getAsBoolean("preserve_original", false);
                if ("back".equals(s.get("side", "front"))) {
                    return new Filter(name, ts -> new ReverseStringFilter(
                        new EdgeNGramTokenFilter(new ReverseStringFilter(ts), min, max, preserve)));
                }
                return new Filter(name, ts -> new EdgeNGramTokenFilter(ts, min, max, preserve));
            }),
            Map.entry("porter_stem", (idx, env, name, s) -> new Filter(name, PorterStemFilter::new)),
            Map.entry("kstem", (idx, env, name, s) -> new Filter(name, KStemFilter::new)),
            Map.entry("snowball", (idx, env, name, s) -> {
                String language = s.get("language", "English");
                return new Filter(name, ts -> new SnowballFilter(ts, language));
            }),
            Map.entry("stemmer", (idx, env, name, s) -> new Filter(name, stemmer(s.get("language", s.get("name", "porter"))))),
            Map.entry("trim", (idx, env, name, s) -> new NormalizingFilter(name, TrimFilter::new)),
            Map.entry("reverse", (idx, env, name, s) -> new Filter(name, ReverseStringFilter::new)),
            Map.entry("truncate", (idx, env, name, s) -> {
                int length = s.getAsInt("length", 10);
                return new Filter(name, ts -> new TruncateTokenFilter(ts, length));
            }),
            Map.entry("length", (idx, env, name, s) -> {
                int min = s.getAsInt("min", 0), max = s.getAsInt("max", Integer.MAX_VALUE);
                return new Filter(name, ts -> new LengthFilter(ts, min, max));
            })
        );
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Map.of("html_strip", (idx, env, name, s) -> {
            var escaped = java.util.Set.copyOf(s.getAsList("escaped_tags"));
            return new CharFilterFactory() {
                public String name() { return name; }
                public Reader create(Reader reader) { return new HTMLStripCharFilter(reader, escaped); }
            };
        });
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of(
            "english", language(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, EnglishAnalyzer::new),
            "french", language(FrenchAnalyzer.getDefaultStopSet(), FrenchAnalyzer::new),
            "german", language(GermanAnalyzer.getDefaultStopSet(), GermanAnalyzer::new),
            "spanish", language(SpanishAnalyzer.getDefaultStopSet(), SpanishAnalyzer::new),
            "italian", language(ItalianAnalyzer.getDefaultStopSet(), ItalianAnalyzer::new),
            "portuguese", language(PortugueseAnalyzer.getDefaultStopSet(), PortugueseAnalyzer::new)
        );
    }

    private static TokenizerFactory ngramTokenizer(IndexSettings idx, String name, Settings s, boolean edge) {
        int min = s.getAsInt("min_gram", 1), max = s.getAsInt("max_gram", 2);
        if (edge == false) {
            checkNgramDiff(idx, min, max, "NGram Tokenizer");
        }
        IntPredicate tokenChar = tokenChars(s.getAsList("token_chars"), s.get("custom_token_chars", ""));
        return TokenizerFactory.newFactory(name, () -> edge
            ? new EdgeNGramTokenizer(min, max) { @Override protected boolean isTokenChar(int c) { return tokenChar.test(c); } }
            : new NGramTokenizer(min, max) { @Override protected boolean isTokenChar(int c) { return tokenChar.test(c); } });
    }

    // Same limit and message as Elasticsearch, so an index that is rejected in production is rejected here too.
    private static void checkNgramDiff(IndexSettings idx, int min, int max, String what) {
        int allowed = idx.getMaxNgramDiff();
        if (max - min > allowed) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in " + what
                + " must be less than or equal to: [" + allowed + "] but was [" + (max - min)
                + "]. This limit can be set by changing the [" + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] index level setting.");
        }
    }

    private static IntPredicate tokenChars(List<String> classes, String custom) {
        if (classes.isEmpty()) {
            return c -> true;
        }
        IntPredicate result = c -> false;
        for (String cls : classes) {
            result = result.or(switch (cls.toLowerCase(Locale.ROOT)) {
                case "letter" -> Character::isLetter;
                case "digit" -> Character::isDigit;
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> c -> switch (Character.getType(c)) {
                    case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                         Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                         Character.OTHER_PUNCTUATION -> true;
                    default -> false;
                };
                case "symbol" -> c -> switch (Character.getType(c)) {
                    case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
                    default -> false;
                };
                case "custom" -> c -> custom.indexOf(c) >= 0;
                default -> throw new IllegalArgumentException("Unknown token type: '" + cls + "'");
            });
        }
        return result;
    }

    private static UnaryOperator<TokenStream> stemmer(String language) {
        return switch (language.toLowerCase(Locale.ROOT)) {
            case "english", "porter" -> PorterStemFilter::new;
            case "light_english", "kstem" -> KStemFilter::new;
            case "minimal_english" -> EnglishMinimalStemFilter::new;
            case "possessive_english" -> EnglishPossessiveFilter::new;
            case "porter2" -> ts -> new SnowballFilter(ts, "English");
            default -> {
                // Other languages: the Snowball stemmer of that name (e.g. "german" -> German), if Lucene has one.
                String snowball = Character.toUpperCase(language.charAt(0)) + language.substring(1).toLowerCase(Locale.ROOT);
                yield ts -> new SnowballFilter(ts, snowball);
            }
        };
    }

    private static <A extends Analyzer> AnalysisProvider<AnalyzerProvider<? extends Analyzer>> language(
            CharArraySet defaultStopWords, BiFunction<CharArraySet, CharArraySet, A> constructor) {
        return (idx, env, name, s) -> {
            A analyzer = constructor.apply(
                Analysis.parseStopWords(env, s, defaultStopWords), Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET));
            return new AbstractIndexAnalyzerProvider<A>(name, s) {
                @Override
                public A get() {
                    return analyzer;
                }
            };
        };
    }

    private record Filter(String name, UnaryOperator<TokenStream> filter) implements TokenFilterFactory {
        @Override
        public TokenStream create(TokenStream in) {
            return filter.apply(in);
        }
    }

    /** Filters that may also run in normalizers and on query terms (wildcard, prefix, fuzzy). */
    private record NormalizingFilter(String name, UnaryOperator<TokenStream> filter) implements NormalizingTokenFilterFactory {
        @Override
        public TokenStream create(TokenStream in) {
            return filter.apply(in);
        }
    }
}
