// Layout regression test: every panel of every chapter, in the main window at 1280×800 and 2560×1600 and in
// presentation mode at 1920×1080 and 1280×800. For each it walks every visible plot and control and reports
//  - an axis title, chart title, tick label or legend entry that Qt Charts drew elided ("..."/"…") or not at all,
//  - a label or button whose text needs more room than it has (clipped),
//  - a control that lies (partly) outside the window or is cut at the right edge of its scrolling column,
//  - in presentation mode, body text smaller than 20 px, or plots that do not get most of the window,
//  - stacked time plots (same x title, one above the other) whose plot areas do not share left edge and width.

#include "app/gui/MainWindow.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/ExperimentPanel.h"
#include "chapters/intro/IntroPanel.h"
#include "widgets/ImagePlot.h"
#include "widgets/ParameterPanel.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QCheckBox>
#include <QComboBox>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QLineSeries>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QStyle>
#include <QStyleOptionComboBox>
#include <QTest>
#include <QTextDocumentFragment>
#include <QToolBar>
#include <QValueAxis>

#include <cmath>

using neuroai::app::MainWindow;

namespace {

QString plain(const QString& text)
{
    return Qt::mightBeRichText(text) ? QTextDocumentFragment::fromHtml(text).toPlainText() : text;
}

bool isShown(const QWidget* w, const QWidget* window)
{
    return w->isVisibleTo(window) && w->isVisible() && w->width() > 0 && w->height() > 0;
}

QString nameOf(const QObject* o)
{
    return o->objectName().isEmpty() ? QString::fromLatin1(o->metaObject()->className())
                                     : QStringLiteral("%1 '%2'").arg(QString::fromLatin1(o->metaObject()->className()),
                                                                     o->objectName());
}

void checkChart(QChartView* view, QStringList& problems)
{
    QChart* chart = view->chart();
    QStringList drawn;
    for (QGraphicsItem* item : view->scene()->items()) {
        if (!item->isVisible())
            continue;
        if (auto* text = dynamic_cast<QGraphicsTextItem*>(item)) {
            const QString t = text->toPlainText();
            drawn << t;
            if (t.endsWith(QLatin1String("...")) || t.endsWith(QChar(0x2026)))
                problems << QStringLiteral("%1 draws the elided text \"%2\"").arg(nameOf(view), t);
        }
    }
    QStringList wanted;
    if (!chart->title().isEmpty())
        wanted << plain(chart->title());
    for (QAbstractAxis* axis : chart->axes())
        if (axis->isVisible() && axis->isTitleVisible() && !axis->titleText().isEmpty())
            wanted << plain(axis->titleText());
    if (qEnvironmentVariableIsSet("LAYOUT_DEBUG"))
        qInfo() << view->objectName() << view->size() << drawn;
    for (const QString& w : wanted)
        if (!drawn.contains(w))
            problems << QStringLiteral("%1 does not show its title \"%2\" in full").arg(nameOf(view), w);
}

void checkText(QWidget* w, QStringList& problems)
{
    if (auto* label = qobject_cast<QLabel*>(w)) {
        if (label->text().isEmpty() || label->pixmap().cacheKey() != 0)
            return;
        const QRect r = label->contentsRect();
        if (label->wordWrap()) {
            if (label->heightForWidth(label->width()) > label->height() + 1)
                problems << QStringLiteral("%1 \"%2\" is cut: needs %3 px of height, has %4")
                                .arg(nameOf(label), plain(label->text()).left(40))
                                .arg(label->heightForWidth(label->width()))
                                .arg(label->height());
        } else if (label->minimumSizeHint().width() > label->width() + 1 && r.width() > 0) {
            problems << QStringLiteral("%1 \"%2\" is cut: needs %3 px of width, has %4")
                            .arg(nameOf(label), plain(label->text()).left(40))
                            .arg(label->minimumSizeHint().width())
                            .arg(label->width());
        }
        return;
    }
    if (auto* combo = qobject_cast<QComboBox*>(w)) {
        // A combo box clips (not elides) its text: "1  Depressing synapse, 20 H".
        if (combo->currentText().isEmpty())
            return;
        QStyleOptionComboBox option;
        option.initFrom(combo);
        option.editable = combo->isEditable();
        const int text = combo->fontMetrics().horizontalAdvance(combo->currentText());
        const int needed =
            combo->style()->sizeFromContents(QStyle::CT_ComboBox, &option, QSize(text, combo->height()), combo).width();
        if (needed > combo->width())
            problems << QStringLiteral("%1 \"%2\" is cut: needs %3 px, has %4")
                            .arg(nameOf(combo), combo->currentText())
                            .arg(needed)
                            .arg(combo->width());
        return;
    }
    if (auto* button = qobject_cast<QAbstractButton*>(w)) {
        QString text = button->text();
        text.remove(QLatin1Char('&'));
        if (text.isEmpty())
            return;
        int needed = button->fontMetrics().horizontalAdvance(text) + 6;
        if (qobject_cast<QCheckBox*>(button) || qobject_cast<QRadioButton*>(button))
            needed = button->sizeHint().width();
        else if (!button->icon().isNull())
            needed += button->iconSize().width() + 4;
        if (needed > button->width())
            problems << QStringLiteral("%1 \"%2\" is cut: needs %3 px, has %4")
                            .arg(nameOf(button), text)
                            .arg(needed)
                            .arg(button->width());
    }
}

void checkPlacement(QWidget* w, QWidget* window, QStringList& problems)
{
    const auto outside = [&](QWidget* x, const QString& where) {
        const QRect r(x->mapTo(window, QPoint(0, 0)), x->size());
        if (!window->rect().contains(r))
            problems << QStringLiteral("%1 lies outside the window%2: %3,%4 %5×%6 in %7×%8")
                            .arg(nameOf(x), where)
                            .arg(r.x())
                            .arg(r.y())
                            .arg(r.width())
                            .arg(r.height())
                            .arg(window->width())
                            .arg(window->height());
    };
    for (QWidget* p = w->parentWidget(); p && p != window; p = p->parentWidget())
        if (auto* scroll = qobject_cast<QScrollArea*>(p)) {
            // In a scrolling column a control may be scrolled out of view vertically (it is reachable), but never
            // cut at the column's side, and the column itself lies inside the window.
            QWidget* viewport = scroll->viewport();
            const QRect inViewport(w->mapTo(viewport, QPoint(0, 0)), w->size());
            if (inViewport.left() < 0 || inViewport.right() > viewport->width() - 1)
                problems << QStringLiteral("%1 is cut at the side of its scrolling column (x %2…%3 of %4)")
                                .arg(nameOf(w))
                                .arg(inViewport.left())
                                .arg(inViewport.right())
                                .arg(viewport->width());
            outside(scroll, QStringLiteral(" (its scrolling column)"));
            return;
        }
    outside(w, QString());
}

// Plots stacked on a shared time axis: views in the same column whose x axes show the same range.
void checkAlignment(const QList<QChartView*>& views, QWidget* window, QStringList& problems)
{
    for (int i = 0; i < views.size(); ++i)
        for (int j = i + 1; j < views.size(); ++j) {
            QChartView* a = views[i];
            QChartView* b = views[j];
            const QRect ra(a->mapTo(window, QPoint(0, 0)), a->size());
            const QRect rb(b->mapTo(window, QPoint(0, 0)), b->size());
            if (ra.left() != rb.left() || ra.width() != rb.width())
                continue;  // not one above the other
            const auto bottom = [](QChartView* v) -> QValueAxis* {
                const auto axes = v->chart()->axes(Qt::Horizontal);
                return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(axes.first());
            };
            QValueAxis* xa = bottom(a);
            QValueAxis* xb = bottom(b);
            if (!xa || !xb || xa->min() != xb->min() || xa->max() != xb->max())
                continue;  // not the same time axis
            const QRectF pa = a->chart()->plotArea().translated(a->chart()->pos());
            const QRectF pb = b->chart()->plotArea().translated(b->chart()->pos());
            if (std::abs(pa.left() - pb.left()) > 1.0 || std::abs(pa.width() - pb.width()) > 1.0)
                problems << QStringLiteral("%1 and %2 share time but their plot areas differ: x %3 w %4 vs x %5 w %6")
                                .arg(nameOf(a), nameOf(b))
                                .arg(pa.left())
                                .arg(pa.width())
                                .arg(pb.left())
                                .arg(pb.width());
        }
}

QStringList inspect(MainWindow& window, bool presentation)
{
    QStringList problems;
    neuroai::chapters::ExperimentPanel* panel = window.currentPanel();
    if (!panel)
        return {QStringLiteral("no current panel")};
    QList<QChartView*> views;
    double plotArea = 0;
    for (QChartView* view : panel->findChildren<QChartView*>()) {
        if (!isShown(view, &window))
            continue;
        views << view;
        plotArea += double(view->width()) * view->height();
        checkChart(view, problems);
    }
    checkAlignment(views, &window, problems);
    // Image plots (rasters, heatmaps) are plots as much as the charts are.
    for (neuroai::widgets::ImagePlot* image : panel->findChildren<neuroai::widgets::ImagePlot*>())
        if (isShown(image, &window))
            plotArea += double(image->width()) * image->height();
    // So are a panel's own drawings (a maze, a tree) that mark themselves with the "figurePlot" property.
    for (QWidget* drawing : panel->findChildren<QWidget*>())
        if (drawing->property("figurePlot").toBool() && isShown(drawing, &window))
            plotArea += double(drawing->width()) * drawing->height();
    QList<QWidget*> controls;
    for (QWidget* w : window.findChildren<QWidget*>()) {
        if (!isShown(w, &window) || qobject_cast<QToolBar*>(w->parentWidget()))
            continue;  // the toolbar puts what does not fit into its extension menu
        const bool control = qobject_cast<QAbstractButton*>(w) || qobject_cast<QLabel*>(w) ||
                             qobject_cast<QComboBox*>(w) || qobject_cast<QSlider*>(w) ||
                             qobject_cast<QAbstractSpinBox*>(w);
        if (!control || w->window() != &window)
            continue;
        checkText(w, problems);
        checkPlacement(w, &window, problems);
        if (presentation && panel->isAncestorOf(w) && QFontInfo(w->font()).pixelSize() < 20)
            problems << QStringLiteral("%1 uses %2 px text in presentation mode (at least 20 px)")
                            .arg(nameOf(w))
                            .arg(QFontInfo(w->font()).pixelSize());
    }
    // The chapter navigator shows each chapter's whole title (a tree item elides silently, unlike a label).
    if (auto* navigator = window.findChild<QTreeWidget*>(QStringLiteral("navigator")); navigator && isShown(navigator, &window))
        for (QTreeWidgetItemIterator it(navigator); *it; ++it) {
            const QRect item = navigator->visualItemRect(*it);
            const int needed = QFontMetrics((*it)->font(0)).horizontalAdvance((*it)->text(0));
            if (item.isValid() && item.left() + needed > navigator->viewport()->width())
                problems << QStringLiteral("navigator item \"%1\" needs %2 px, %3 shown")
                                .arg((*it)->text(0))
                                .arg(needed)
                                .arg(navigator->viewport()->width() - item.left());
        }
    if (presentation) {
        const double share = plotArea / (double(window.width()) * window.height());
        if (share < 0.45)
            problems << QStringLiteral("the plots cover only %1% of the screen in presentation mode").arg(int(share * 100));
    }
    return problems;
}

void settle()
{
    for (int i = 0; i < 4; ++i) {
        QApplication::processEvents();
        QTest::qWait(20);
    }
}

}  // namespace

class TestLayout : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QApplication::setFont(QFont(QStringLiteral("DejaVu Sans"), 9));
    }

    void everyPanelFits_data()
    {
        QTest::addColumn<QString>("panel");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("presentation");
        for (const QString& id : neuroai::chapters::allPanelIds()) {
            QTest::newRow(qPrintable(id + QStringLiteral(" 1280x800"))) << id << QSize(1280, 800) << false;
            QTest::newRow(qPrintable(id + QStringLiteral(" 2560x1600"))) << id << QSize(2560, 1600) << false;
            QTest::newRow(qPrintable(id + QStringLiteral(" presentation 1920x1080"))) << id << QSize(1920, 1080) << true;
            QTest::newRow(qPrintable(id + QStringLiteral(" presentation 1280x800"))) << id << QSize(1280, 800) << true;
        }
    }

    void everyPanelFits()
    {
        QFETCH(QString, panel);
        QFETCH(QSize, size);
        QFETCH(bool, presentation);
        MainWindow window;
        window.setPersistent(false);
        QVERIFY(window.showPanel(panel));
        window.resize(size);
        window.show();
        if (presentation) {
            window.setPresentationMode(true);
            // The offscreen screen is not the projector: leave full screen (the mode stays on) and take its size.
            window.setWindowState(Qt::WindowNoState);
        }
        window.resize(size);
        settle();
        // A panel that computes on a job (a training run, a sweep) is measured once its figure is final: the
        // placeholder's, the live pictures' and the result's texts differ in length, and which one a fixed wait
        // catches depends on the machine's speed (the learned-filters panel measured 43 % plot area in presentation
        // mode at 1280x800 while training, and passed once trained).
        if (auto* computing = qobject_cast<neuroai::chapters::IntroPanel*>(window.currentPanel())) {
            QTRY_VERIFY_WITH_TIMEOUT(!computing->isComputing(), 240000);
            settle();
        }
        QCOMPARE(window.size(), size);
        if (presentation) {
            QVERIFY(window.presentationMode());
            QVERIFY2(QFontInfo(QApplication::font()).pixelSize() >= 20,
                     qPrintable(QStringLiteral("body text is %1 px").arg(QFontInfo(QApplication::font()).pixelSize())));
        }
        QStringList problems = inspect(window, presentation);
        // Parameter descriptions fill a tall controls column only when all of them fit without scrolling; chapter 1
        // at 2560×1600 (a column two-thirds empty before) shows them.
        if (neuroai::chapters::ExperimentPanel* current = window.currentPanel()) {
            const auto* column = current->findChild<QScrollArea*>(QStringLiteral("controlsColumn"));
            const auto parameters = current->findChildren<neuroai::widgets::ParameterPanel*>();
            if (column && !parameters.isEmpty()) {
                const bool shown = parameters.first()->descriptionsShown();
                if (shown && column->verticalScrollBar()->isVisible())
                    problems << QStringLiteral("parameter descriptions shown in a column that scrolls");
                if (!shown && !presentation && size == QSize(2560, 1600) && panel.startsWith(QStringLiteral("intro/")))
                    problems << QStringLiteral("parameter descriptions hidden in a tall column at 2560x1600");
            }
        }
        if (presentation)
            window.setPresentationMode(false);
        QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("\n  ") + problems.join(QStringLiteral("\n  "))));
    }

    // The check itself must see a defect: a chart squeezed to 120 px elides its axis title.
    void detectsElidedAxisTitle()
    {
        QChartView view;
        auto* chart = new QChart;
        view.setChart(chart);
        auto* axis = new QValueAxis;
        axis->setTitleText(QStringLiteral("A rather long axis title with its unit (mV)"));
        auto* y = new QValueAxis;
        auto* series = new QLineSeries;
        series->append(0, 0);
        series->append(1, 1);
        chart->addSeries(series);
        chart->addAxis(axis, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(axis);
        series->attachAxis(y);
        view.resize(120, 200);
        view.show();
        settle();
        QStringList problems;
        checkChart(&view, problems);
        QVERIFY(!problems.isEmpty());
        view.resize(800, 300);
        settle();
        problems.clear();
        checkChart(&view, problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestLayout)
#include "tst_layout.moc"
