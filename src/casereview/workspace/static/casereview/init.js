// GOV.UK Frontend enhances components (error summary focus, character counts) when JavaScript runs;
// every page works without it.
import { initAll } from '../vendor/govuk/govuk-frontend.min.js'

initAll()

// "Copy into the evidence" works without JavaScript as a submit that returns the form with the text added;
// with it, the text is added in place and nothing is sent.
for (const button of document.querySelectorAll('[data-copy-evidence]')) {
  button.addEventListener('click', (event) => {
    const source = document.getElementById(button.dataset.copyEvidence)
    const target = document.getElementById(button.dataset.copyInto)
    if (!source || !target) return
    event.preventDefault()
    const text = source.textContent.trim()
    target.value = target.value.trim() ? `${target.value.trim()}\n\n${text}` : text
    target.focus()
  })
}

// On a narrow screen a table's rows stack (see casereview.scss): each cell is labelled with its column's name.
for (const table of document.querySelectorAll('table.govuk-table')) {
  const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim())
  for (const row of table.querySelectorAll('tbody tr')) {
    ;[...row.children].forEach((cell, index) => {
      if (names[index] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', names[index])
    })
  }
}
